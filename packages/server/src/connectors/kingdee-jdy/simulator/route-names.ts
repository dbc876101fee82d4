/** Route names used by fault specs, call counts and `--faults "<route>:kind=rate"`, keyed by `METHOD path`. */
export const JDY_ROUTES: Readonly<Record<string, string>> = {
  'POST /jdyconnector/app_management/push_app_authorize': 'auth.authorize',
  'GET /jdyconnector/app_management/kingdee_auth_token': 'auth.token',
  'POST /jdyaccouting/voucher': 'acct.voucher.save',
  'POST /jdyaccouting/voucherlist': 'acct.voucherlist',
  'GET /jdyaccouting/account': 'acct.account',
  'GET /jdy/v2/fi/voucher': 'v2.voucher.list',
  'POST /jdy/v2/fi/voucher': 'v2.voucher.save',
  'GET /jdy/v2/fi/voucher_detail': 'v2.voucher.detail',
  'GET /jdy/v2/fi/account': 'v2.account',
  'GET /jdy/v2/fi/voucher_type': 'v2.voucher_type',
};

/** The route name of a request, or null (inspection API, unknown paths, wrong methods). */
export function routeNameOf(method: string, path: string): string | null {
  return JDY_ROUTES[`${method} ${path}`] ?? null;
}
