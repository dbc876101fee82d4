import {
  ApiOutlined,
  AppstoreOutlined,
  BranchesOutlined,
  DashboardOutlined,
  FormOutlined,
  HistoryOutlined,
  LinkOutlined,
  LogoutOutlined,
  SyncOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import {
  App as AntApp,
  Button,
  ConfigProvider,
  Layout,
  Menu,
  Segmented,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, type ReactNode, Suspense } from 'react';
import type { Me } from '../app.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { isNewRequest } from '../pages/definition-load.ts';
import { match, navigate, usePath } from '../router.ts';
import { NotFound } from './not-found.tsx';

// Pages load on demand so the first paint (sign-in, shell) needs only a small bundle.
const ConnectionsPage = lazy(() =>
  import('../pages/connections.tsx').then((m) => ({ default: m.ConnectionsPage })),
);
const ConnectorsPage = lazy(() =>
  import('../pages/connectors.tsx').then((m) => ({ default: m.ConnectorsPage })),
);
const DashboardPage = lazy(() =>
  import('../pages/dashboard.tsx').then((m) => ({ default: m.DashboardPage })),
);
const FlowEditorPage = lazy(() =>
  import('../pages/flow-editor.tsx').then((m) => ({ default: m.FlowEditorPage })),
);
const FlowsPage = lazy(() => import('../pages/flows.tsx').then((m) => ({ default: m.FlowsPage })));
const FormEntryPage = lazy(() =>
  import('../pages/form-entry.tsx').then((m) => ({ default: m.FormEntryPage })),
);
const FormsPage = lazy(() => import('../pages/forms.tsx').then((m) => ({ default: m.FormsPage })));
const RunDetailPage = lazy(() =>
  import('../pages/run-detail.tsx').then((m) => ({ default: m.RunDetailPage })),
);
const RunsPage = lazy(() => import('../pages/runs.tsx').then((m) => ({ default: m.RunsPage })));
const SyncDetailPage = lazy(() =>
  import('../pages/sync-detail.tsx').then((m) => ({ default: m.SyncDetailPage })),
);
const NewSyncPage = lazy(() => import('../pages/sync-new.tsx').then((m) => ({ default: m.NewSyncPage })));
const SyncsPage = lazy(() => import('../pages/syncs.tsx').then((m) => ({ default: m.SyncsPage })));
const UsersPage = lazy(() => import('../pages/users.tsx').then((m) => ({ default: m.UsersPage })));

const NAV: Array<{ path: string; key: MessageKey; icon: ReactNode }> = [
  { path: '/', key: 'nav.dashboard', icon: <DashboardOutlined /> },
  { path: '/connectors', key: 'nav.connectors', icon: <ApiOutlined /> },
  { path: '/connections', key: 'nav.connections', icon: <LinkOutlined /> },
  { path: '/flows', key: 'nav.flows', icon: <BranchesOutlined /> },
  { path: '/syncs', key: 'nav.syncs', icon: <SyncOutlined /> },
  { path: '/runs', key: 'nav.runs', icon: <HistoryOutlined /> },
  { path: '/forms', key: 'nav.forms', icon: <FormOutlined /> },
  { path: '/users', key: 'nav.users', icon: <TeamOutlined /> },
];

const ROUTES: Array<{ pattern: string; render: (p: Record<string, string>) => ReactNode }> = [
  { pattern: '/', render: () => <DashboardPage /> },
  { pattern: '/connectors', render: () => <ConnectorsPage /> },
  { pattern: '/connections', render: () => <ConnectionsPage /> },
  { pattern: '/flows', render: () => <FlowsPage /> },
  {
    pattern: '/flows/:id',
    render: (p) => <FlowEditorPage key={p.id} id={p.id ?? ''} isNew={isNewRequest(location.search)} />,
  },
  { pattern: '/syncs', render: () => <SyncsPage /> },
  {
    pattern: '/syncs/:id',
    render: (p) =>
      isNewRequest(location.search) ? (
        <NewSyncPage key={`new-${p.id}`} id={p.id ?? ''} />
      ) : (
        <SyncDetailPage key={p.id} id={p.id ?? ''} />
      ),
  },
  { pattern: '/runs', render: () => <RunsPage /> },
  { pattern: '/runs/:id', render: (p) => <RunDetailPage key={p.id} id={p.id ?? ''} /> },
  { pattern: '/forms', render: () => <FormsPage /> },
  {
    pattern: '/forms/:id',
    render: (p) => <FormEntryPage key={p.id} id={p.id ?? ''} isNew={isNewRequest(location.search)} />,
  },
  { pattern: '/users', render: () => <UsersPage /> },
];

/** The signed-in layout: side navigation, header (language, user, sign out) and the routed page. */
export function Shell({ me, onSignOut }: { me: Me; onSignOut(): void }) {
  const { t, lang, setLang } = useI18n();
  const path = usePath();
  const route = ROUTES.map((r) => ({ r, params: match(r.pattern, path) })).find((x) => x.params);
  const section = NAV.filter((n) => n.path !== '/' && path.startsWith(n.path))[0]?.path ?? '/';
  // User management is for admins only (the server refuses the others too).
  const nav = NAV.filter((n) => n.path !== '/users' || me.role === 'admin');
  return (
    <ConfigProvider
      locale={lang === 'zh' ? zhCN : enUS}
      theme={{ token: { colorPrimary: '#1677ff', borderRadius: 6 } }}
    >
      <AntApp style={{ height: '100%' }}>
        <Layout style={{ minHeight: '100%' }}>
          <Layout.Sider width={208} theme="dark">
            <div className="brand" data-testid="brand">
              {t('app.short')}
              <small>{t('app.shortOther')}</small>
            </div>
            <Menu
              theme="dark"
              mode="inline"
              selectedKeys={[section]}
              items={nav.map((n) => ({
                key: n.path,
                icon: n.icon,
                label: <span data-testid={`nav-${n.path.slice(1) || 'dashboard'}`}>{t(n.key)}</span>,
              }))}
              onClick={(e) => navigate(e.key)}
            />
          </Layout.Sider>
          <Layout>
            <Layout.Header
              style={{
                background: '#fff',
                display: 'flex',
                justifyContent: 'space-between',
                alignItems: 'center',
                padding: '0 24px',
                borderBottom: '1px solid #f0f0f0',
              }}
            >
              <Typography.Text type="secondary">
                <AppstoreOutlined /> {t('app.tagline')}
              </Typography.Text>
              <Space>
                <Segmented
                  size="small"
                  data-testid="lang-switch"
                  value={lang}
                  onChange={(v) => setLang(v as 'zh' | 'en')}
                  options={[
                    { value: 'zh', label: '中文' },
                    { value: 'en', label: 'EN' },
                  ]}
                />
                <Typography.Text data-testid="me">
                  {me.username} · {t(`role.${me.role}` as MessageKey)}
                </Typography.Text>
                <Button size="small" icon={<LogoutOutlined />} onClick={onSignOut} data-testid="sign-out">
                  {t('auth.signOut')}
                </Button>
              </Space>
            </Layout.Header>
            <Layout.Content style={{ padding: 24 }}>
              <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
                {route ? (
                  route.r.render(route.params ?? {})
                ) : (
                  <NotFound title={t('common.notFound')} back="/" backLabel={t('common.backHome')} />
                )}
              </Suspense>
            </Layout.Content>
          </Layout>
        </Layout>
      </AntApp>
    </ConfigProvider>
  );
}
