import type { Hono } from 'hono';
import type { SimulatorEnv } from './host.ts';
import { readJsonObject } from './inspection-body.ts';

/** How a pushing simulator registers its callback receiver through the inspection API. */
export interface CallbackControl {
  /** The pusher whose receiver is registered or cleared and whose deliveries are listed. */
  pusher: { target: unknown; deliveries: readonly unknown[] };
  /** String fields of the receiver a `POST /callback` body may carry besides `url`. */
  fields: readonly string[];
  /** Registers the receiver; with `verify` it must pass the system's handshake first. */
  register(input: { url: string } & Record<string, string>, verify: boolean): Promise<boolean>;
  /** Error text when the receiver fails the handshake. */
  refusal: string;
}

/** Mounts `POST /callback {url, …fields, verify?}`, `DELETE /callback` and `GET /callbacks` under `prefix`. */
export function mountCallbackRoutes(app: Hono<SimulatorEnv>, prefix: string, control: CallbackControl): void {
  const usage = `need {url, ${control.fields.map((f) => `${f}?`).join(', ')}, verify?}`;
  app.post(`${prefix}/callback`, async (c) => {
    const body = await readJsonObject(c);
    if (!body || typeof body.url !== 'string') return c.json({ error: usage }, 400);
    const input: { url: string } & Record<string, string> = { url: body.url };
    for (const field of control.fields)
      if (typeof body[field] === 'string') input[field] = body[field] as string;
    const registered = await control.register(input, body.verify !== false);
    return registered
      ? c.json({ registered: true })
      : c.json({ registered: false, error: control.refusal }, 400);
  });
  app.delete(`${prefix}/callback`, (c) => {
    control.pusher.target = null;
    return c.json({ registered: false });
  });
  app.get(`${prefix}/callbacks`, (c) => c.json(control.pusher.deliveries));
}
