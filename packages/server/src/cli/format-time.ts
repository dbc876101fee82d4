/** Formatters by zone (`''`: the machine's); building one costs far more than using it. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let format = formatters.get(key);
  if (!format) {
    // sv-SE writes `YYYY-MM-DD HH:mm:ss`; no `timeZone` is the zone Node resolves (TZ, else the system's).
    format = new Intl.DateTimeFormat('sv-SE', {
      ...(timeZone === undefined ? {} : { timeZone }),
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(key, format);
  }
  return format;
}

/**
 * A time as the `qiao` command prints it: `YYYY-MM-DD HH:mm:ss ±HH:MM`, the wall clock and its UTC
 * offset, in the machine's zone (the `TZ` environment variable, else the system's) or in `timeZone`
 * (an IANA name). Every CLI time goes through here, so a terminal shows one zone and says which.
 */
export function formatTime(ms: number, timeZone?: string): string {
  const wallClock = formatterOf(timeZone).format(new Date(ms));
  // The offset is the wall clock read as UTC minus the instant (both to the second).
  const offsetMinutes = Math.round((Date.parse(`${wallClock.replace(' ', 'T')}Z`) - ms) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${wallClock} ${sign}${hhmm}`;
}
