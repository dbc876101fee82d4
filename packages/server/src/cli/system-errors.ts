import { dirname } from 'node:path';
import { QiaoError } from '../errors/index.ts';
import type { JsonObject } from '../json.ts';

/**
 * A spot where the CLI meets the machine on the user's behalf: a port it listens on (from `--port`), a
 * folder it reads (`--project`), a file it writes (`--out`) or a folder it creates (`--data-dir`).
 * `label` names the path for the user.
 */
export type SystemSpot =
  | { listen: number; host?: string | undefined }
  | { read: string; label: Label }
  | { write: string }
  | { create: string; label: Label };

/** How a spot's path is named: Chinese and English. */
export interface Label {
  zh: string;
  en: string;
}

/** The CLI's labels of the paths a user gives. */
export const LABELS = {
  project: { zh: '项目文件夹', en: 'project folder' },
  dataDir: { zh: '数据目录', en: 'data directory' },
} as const satisfies Record<string, Label>;

/**
 * Runs `action`; a Node system error it raises at `spot` (a port in use, a missing folder, no permission…)
 * becomes a user error (exit code 2) that names the port or path and what to do. Anything else is rethrown
 * as it is, so a real bug still reports as INTERNAL.
 */
export async function atSpot<T>(spot: SystemSpot, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw userErrorAt(spot, error) ?? error;
  }
}

/** The user error a system error at `spot` means, or undefined when it is not one this spot explains. */
export function userErrorAt(spot: SystemSpot, error: unknown): QiaoError | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string') return undefined;
  let message: string | undefined;
  let details: JsonObject;
  if ('listen' in spot) {
    message = listenMessage(code, spot.listen, spot.host);
    details = { system: code, port: spot.listen };
  } else if ('read' in spot) {
    message = readMessage(code, spot.read, spot.label);
    details = { system: code, path: spot.read };
  } else if ('create' in spot) {
    message = createMessage(code, spot.create, spot.label);
    details = { system: code, path: spot.create };
  } else {
    message = writeMessage(code, spot.write);
    details = { system: code, path: spot.write };
  }
  if (message === undefined) return undefined;
  const notFound = code === 'ENOENT' && 'read' in spot;
  return new QiaoError(notFound ? 'NOT_FOUND' : 'INPUT_INVALID', message, { cause: error, details });
}

function listenMessage(code: string, port: number, host = '127.0.0.1'): string | undefined {
  switch (code) {
    case 'EADDRINUSE':
      return `端口 ${port} 已被占用，请用 --port 换一个端口 / port ${port} is in use; pick another with --port`;
    case 'EACCES':
    case 'EPERM':
      return `没有权限监听端口 ${port}（1024 以下的端口需要特权），请用 --port 换一个端口 / not allowed to listen on port ${port} (ports below 1024 need privileges); pick another with --port`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `无法监听地址 ${host}：本机没有这个地址，请检查 --host / cannot listen on ${host}: not an address of this machine; check --host`;
    default:
      return undefined;
  }
}

function readMessage(code: string, path: string, label: Label): string | undefined {
  switch (code) {
    case 'ENOENT':
      return `${label.zh}不存在：${path} / ${label.en} not found: ${path}`;
    case 'ENOTDIR':
      return `${label.zh}不是文件夹：${path} / the ${label.en} is not a folder: ${path}`;
    case 'EACCES':
    case 'EPERM':
      return `没有权限读取${label.zh}：${path} / no permission to read the ${label.en}: ${path}`;
    default:
      return undefined;
  }
}

function writeMessage(code: string, path: string): string | undefined {
  switch (code) {
    case 'ENOENT':
      return `无法写入 ${path}：文件夹 ${dirname(path)} 不存在 / cannot write ${path}: the folder ${dirname(path)} does not exist`;
    case 'ENOTDIR':
      return `无法写入 ${path}：路径中有一段不是文件夹 / cannot write ${path}: a part of the path is not a folder`;
    case 'EISDIR':
      return `无法写入 ${path}：这是一个文件夹，请给出文件名 / cannot write ${path}: it is a folder; give a file name`;
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `没有权限写入 ${path} / no permission to write ${path}`;
    case 'ENOSPC':
      return `无法写入 ${path}：磁盘已满 / cannot write ${path}: the disk is full`;
    default:
      return undefined;
  }
}

function createMessage(code: string, path: string, label: Label): string | undefined {
  switch (code) {
    case 'ENOTDIR':
    case 'EEXIST':
      return `无法创建${label.zh} ${path}：路径中有同名的文件 / cannot create the ${label.en} ${path}: a file is in the way`;
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `没有权限创建${label.zh} ${path} / no permission to create the ${label.en} ${path}`;
    case 'ENOSPC':
      return `无法创建${label.zh} ${path}：磁盘已满 / cannot create the ${label.en} ${path}: the disk is full`;
    default:
      return undefined;
  }
}
