import type { Context } from 'hono';
import { isJsonObject } from '../../json.ts';
import type { SimulatorEnv } from './host.ts';

/** Reads a JSON object body; null when the body is not JSON or not an object. */
export async function readJsonObject(c: Context<SimulatorEnv>): Promise<Record<string, unknown> | null> {
  try {
    const body: unknown = await c.req.json();
    return isJsonObject(body) ? body : null;
  } catch {
    return null;
  }
}
