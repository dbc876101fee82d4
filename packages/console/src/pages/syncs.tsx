import { Button } from 'antd';
import { useI18n } from '../i18n/i18n.tsx';
import { navigate } from '../router.ts';
import { DefinitionList } from './definition-list.tsx';

/** The syncs (integration schemes) list. */
export function SyncsPage() {
  const { t } = useI18n();
  return (
    <DefinitionList
      plural="syncs"
      title="nav.syncs"
      empty="syncs.empty"
      newLabel="syncs.new"
      extra={(r) => (
        <Button size="small" onClick={() => navigate(`/syncs/${encodeURIComponent(r.id)}`)}>
          {t('syncs.ledger')}
        </Button>
      )}
    />
  );
}
