/** Token usage per request and per run, reported as events. */
import { emptyUsage, type Usage } from '../model/types';

export class UsageMeter {
  private readonly total: Usage = emptyUsage();

  add(request: Usage): Usage {
    this.total.promptTokens += request.promptTokens;
    this.total.outputTokens += request.outputTokens;
    this.total.thoughtTokens += request.thoughtTokens;
    this.total.cachedTokens += request.cachedTokens;
    this.total.totalTokens += request.totalTokens;
    return this.run;
  }

  get run(): Usage {
    return { ...this.total };
  }
}
