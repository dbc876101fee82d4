import { DefinitionList } from './definition-list.tsx';

/** The forms list. */
export function FormsPage() {
  return <DefinitionList plural="forms" title="nav.forms" empty="forms.empty" newLabel="forms.new" />;
}
