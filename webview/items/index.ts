/** Creates the view for a chat item by kind. */
import type { ChatItem } from '../../src/shared/chatState';
import { SubagentView, ReviewView } from './agents';
import { AssistantView } from './assistant';
import { ChangeView, ToolView } from './cards';
import { RulesView } from './rules';
import { NoticeView, PlanView, RunEndView, UserView, ValidationView } from './status';
import type { ItemContext, ItemView } from './types';

export type { ItemContext, ItemView } from './types';

export function createItemView(item: ChatItem, context: ItemContext): ItemView {
  switch (item.kind) {
    case 'user':
      return new UserView(item) as ItemView;
    case 'assistant':
      return new AssistantView(item) as ItemView;
    case 'rules':
      return new RulesView(item) as ItemView;
    case 'plan':
      return new PlanView(item) as ItemView;
    case 'tool':
      return new ToolView(item) as ItemView;
    case 'change':
      return new ChangeView(item) as ItemView;
    case 'validation':
      return new ValidationView(item) as ItemView;
    case 'notice':
      return new NoticeView(item) as ItemView;
    case 'runEnd':
      return new RunEndView(item, context) as ItemView;
    case 'subagent':
      return new SubagentView(item, context) as ItemView;
    case 'review':
      return new ReviewView(item) as ItemView;
  }
}
