export {
  type ConnectorDocumentLoader,
  createHttpConnectorRegistry,
  declarationFromDocument,
  httpConnector,
} from './connector.ts';
export { requestOperation } from './operations/request.ts';
