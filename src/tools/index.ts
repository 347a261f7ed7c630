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
import { SchemaError, toGeminiParameters } from './schema';
import { searchCodebaseTool } from './searchCodebase';
import { semanticSearchTool } from './semanticSearch';
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
    semanticSearchTool,
    writeFileTool,
    editFileTool,
    deleteFileTool,
    runCommandTool,
    getDiagnosticsTool,
    updatePlanTool,
    submitPlanTool,
  ];
}

/** The API's rule for FunctionDeclaration.name: a letter or underscore first, at most 64 characters. */
const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/;

/** The declarations sent with every request; throws `SchemaError` for one the API would refuse. */
export function toFunctionDeclarations(tools: readonly Tool[]): FunctionDeclaration[] {
  return tools.map((t) => {
    if (!FUNCTION_NAME.test(t.name)) throw new SchemaError(`Tool name ${JSON.stringify(t.name)} is not a valid Gemini function name.`);
    let parameters: FunctionDeclaration['parameters'];
    try {
      parameters = t.declaredParameters !== undefined ? (t.declaredParameters ?? undefined) : toGeminiParameters(t.parameters);
    } catch (err) {
      throw new SchemaError(`Tool ${t.name}: ${(err as Error).message}`);
    }
    return { name: t.name, description: t.description, ...(parameters ? { parameters } : {}) };
  });
}
