/** The Kingdee JDY connector declaration (public boundary of this folder). */
export { kingdeeJdyConnector } from './connector.ts';
