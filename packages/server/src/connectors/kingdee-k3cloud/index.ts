/** The Kingdee K3Cloud connector declaration (public boundary of this folder). */
export { k3cloudConnector } from './connector.ts';
