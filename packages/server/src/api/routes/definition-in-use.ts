import type { DocumentKind } from '../../definitions/index.ts';
import { QiaoError } from '../../errors/index.ts';
import type { DocumentUser } from '../../runtime/document-service.ts';

/** The Chinese name of each definition kind, for messages. */
const KIND_NAMES: Record<DocumentKind, string> = {
  connection: '连接',
  connector: '连接器',
  form: '表单',
  flow: '动作流',
  sync: '集成方案',
};

/** The 409 of a delete that would leave references dangling: who uses the document, in both languages. */
export function inUse(
  kind: DocumentKind,
  id: string,
  used: { documents: DocumentUser[]; records: boolean },
): QiaoError {
  const zh = used.documents.map((d) => `${KIND_NAMES[d.kind]} ${d.id}`);
  const en = used.documents.map((d) => `${d.kind} "${d.id}"`);
  if (used.records) {
    zh.push('已有的表单记录');
    en.push('its stored records');
  }
  return new QiaoError(
    'CONFLICT',
    `${KIND_NAMES[kind]} ${id} 正被使用：${zh.join('、')}；请先修改或删除它们，或加 ?force=true 强制删除 / ` +
      `${kind} "${id}" is in use by ${en.join(', ')}; change or delete those first, or add ?force=true to delete it anyway.`,
    {
      details: {
        reason: 'inUse',
        usedBy: used.documents.map((d) => ({ kind: d.kind, id: d.id, enabled: d.enabled, codes: d.codes })),
        records: used.records,
      },
    },
  );
}
