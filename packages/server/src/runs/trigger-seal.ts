import { isJsonObject, type JsonValue } from '../json.ts';
import { isSecretName } from '../secrets/index.ts';
import type { CheckpointCodec } from './executor.ts';

/**
 * A run's trigger payload at rest: the value of every secret-named field (`isSecretName`: password,
 * token, secret, signature… — a webhook body or a form record may carry one) is sealed on its own
 * with the checkpoint codec, so the runs table holds no such value in clear, while the rest of the
 * payload stays readable (run lists, "runs fired by this record"). Run views mask those fields anyway.
 * The engine seals at enqueue and opens for the executor; without a codec the trigger is stored as is.
 */
export function sealTrigger(codec: CheckpointCodec | undefined, trigger: JsonValue): JsonValue {
  return codec === undefined ? trigger : mapSecretFields(trigger, (value) => codec.seal(value));
}

/** The trigger as it arrived: each secret-named field's sealed value opened (values stored in clear stay as they are). */
export function openTrigger(codec: CheckpointCodec | undefined, trigger: JsonValue): JsonValue {
  return codec === undefined ? trigger : mapSecretFields(trigger, (value) => codec.open(value));
}

/** A copy with `change` applied to the value of each secret-named field (null and '' left alone); the value itself when none. */
function mapSecretFields(value: JsonValue, change: (secret: JsonValue) => JsonValue): JsonValue {
  if (Array.isArray(value)) {
    let out: JsonValue[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i] as JsonValue;
      const mapped = mapSecretFields(item, change);
      if (out === undefined && mapped !== item) out = value.slice(0, i);
      out?.push(mapped);
    }
    return out ?? value;
  }
  if (!isJsonObject(value)) return value;
  let out: Record<string, JsonValue> | undefined;
  const keys = Object.keys(value);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    const inner = value[key] as JsonValue;
    const secret = isSecretName(key) && inner !== null && inner !== '';
    const mapped = secret ? change(inner) : mapSecretFields(inner, change);
    if (out === undefined) {
      if (mapped === inner) continue;
      out = {};
      for (let j = 0; j < k; j++)
        Object.defineProperty(out, keys[j] as string, field(value[keys[j] as string]));
    }
    Object.defineProperty(out, key, field(mapped));
  }
  return out ?? value;
}

/** A plain data property (a "__proto__" key of parsed JSON stays a key, never becomes the prototype). */
function field(value: JsonValue | undefined): PropertyDescriptor {
  return { value, enumerable: true, writable: true, configurable: true };
}
