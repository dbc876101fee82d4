import type { FeishuPerson } from './people.ts';

/** A comment written to an instance through `POST …/instances/:id/comments`. */
export interface SimComment {
  id: string;
  instanceCode: string;
  person: FeishuPerson;
  /** The `content` JSON string as sent. */
  content: string;
  /** Its `text`. */
  text: string;
  files: unknown[];
  createMs: number;
}

/** Comments by instance code, with ids that increase like Feishu's 19-digit ones. */
export class CommentStore {
  private readonly byInstance = new Map<string, SimComment[]>();
  private next = 0;

  /** Adds a comment; returns it with its new id. */
  add(input: Omit<SimComment, 'id'>): SimComment {
    const comment = { ...input, id: `7081516627${String(this.next++).padStart(9, '0')}` };
    const list = this.byInstance.get(input.instanceCode) ?? [];
    list.push(comment);
    this.byInstance.set(input.instanceCode, list);
    return comment;
  }

  /** Comments of one instance, oldest first. */
  of(code: string): readonly SimComment[] {
    return this.byInstance.get(code) ?? [];
  }

  /** Every comment (for inspection). */
  all(): SimComment[] {
    return [...this.byInstance.values()].flat();
  }

  /** Forgets every comment. */
  reset(): void {
    this.byInstance.clear();
    this.next = 0;
  }
}
