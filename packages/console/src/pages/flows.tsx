import { DefinitionList } from './definition-list.tsx';

/** The flows list. */
export function FlowsPage() {
  return <DefinitionList plural="flows" title="nav.flows" empty="flows.empty" newLabel="flows.new" />;
}
