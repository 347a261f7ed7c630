// Plain generationConfig limits: at most 5 stop sequences (reported: continuedev/continue #2702).
import { arr, fieldViolation, obj, type Violation } from './types';

export const maxStopSequences = 5;

export function checkGenerationConfig(body: Record<string, unknown>): Violation[] {
  const stops = arr(obj(body.generationConfig)?.stopSequences);
  if (stops.length <= maxStopSequences) return [];
  return [fieldViolation('stop-sequences', 'GenerateContentRequest', 'generation_config.stop_sequences',
    `the number of stop sequences (${stops.length}) exceeds the maximum of ${maxStopSequences}`)];
}
