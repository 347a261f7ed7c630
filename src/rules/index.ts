/** Project rules files and personal instructions: what the agent is told to follow. */
export { ProjectRules, type RulesText } from './project';
export { rulesGiven, systemRules, taskRules, type RenderedRules, type RulesUse } from './render';
