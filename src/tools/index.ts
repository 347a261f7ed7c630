/**
 * The tool registry: the tools the agent offers, and their declarations for Gemini. Names are part
 * of the product's contract (outside scenarios call them), so they are fixed here.
 */
import type { FunctionDeclaration } from '../model/types';
import { deleteFileTool } from './deleteFile';
import { editFileTool } from './editFile';
import { getDiagnosticsTool } from './getDiagnostics';
import { listFilesTool } from './listFiles';
import { readFileTool } from './readFile';
import { runCommandTool } from './runCommand';
import { toGeminiSchema } from './schema';
import { searchCodebaseTool } from './searchCodebase';
import { submitPlanTool } from './submitPlan';
import type { Tool } from './types';
import { updatePlanTool } from './updatePlan';
import { writeFileTool } from './writeFile';

export type { Tool, ToolContext } from './types';

/** Every tool, in the order they are declared. */
export function createTools(): Tool[] {
  return [
    readFileTool,
    listFilesTool,
    searchCodebaseTool,
    writeFileTool,
    editFileTool,
    deleteFileTool,
    runCommandTool,
    getDiagnosticsTool,
    updatePlanTool,
    submitPlanTool,
  ];
}

export function toFunctionDeclarations(tools: readonly Tool[]): FunctionDeclaration[] {
  return tools.map((t) => ({ name: t.name, description: t.description, parameters: toGeminiSchema(t.parameters) }));
}
