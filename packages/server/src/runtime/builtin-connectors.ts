import { dingtalkConnector } from '../connectors/dingtalk/index.ts';
import { dingtalkRobotConnector } from '../connectors/dingtalk-robot/index.ts';
import { feishuConnector } from '../connectors/feishu/index.ts';
import { httpConnector } from '../connectors/http/index.ts';
import { kingdeeJdyConnector } from '../connectors/kingdee-jdy/index.ts';
import { k3cloudConnector } from '../connectors/kingdee-k3cloud/index.ts';
import type { ConnectorDeclaration } from '../connectors/kit/connector-declaration.ts';
import type { BuiltinConnectors, OperationMode } from '../definitions/index.ts';

/** The connectors that ship with Qiao (the generic `http` connector is always there too). */
export const BUILTIN_CONNECTORS: ConnectorDeclaration[] = [
  dingtalkConnector,
  k3cloudConnector,
  kingdeeJdyConnector,
  feishuConnector,
  dingtalkRobotConnector,
];

/**
 * Operation modes by connector id, for reference checks of definitions: the generic `http` connector
 * (always registered) plus `declarations` (default: the built-ins).
 */
export function builtinConnectorModes(
  declarations: readonly ConnectorDeclaration[] = BUILTIN_CONNECTORS,
): BuiltinConnectors {
  const out: Record<string, Record<string, { mode: OperationMode }>> = {};
  for (const declaration of [httpConnector, ...declarations]) {
    const ops: Record<string, { mode: OperationMode }> = {};
    for (const [id, op] of Object.entries(declaration.operations)) {
      ops[id] = { mode: op.pagination ? 'list' : op.batch ? 'batchWrite' : 'call' };
    }
    out[declaration.id] = ops;
  }
  return out;
}
