// Minimal type declarations for `pg` and `pg-copy-streams`, whose @types packages are not installed.
// Only what lib/db uses; no exported signature of lib/db mentions these types, so the built .d.ts
// files do not depend on them.
declare module 'pg' {
  export interface FieldDef {
    name: string;
    dataTypeID: number;
  }
  export interface QueryResult {
    rows: Record<string, unknown>[];
    rowCount: number | null;
    fields: FieldDef[];
  }
  export type TypeParser = (value: string) => unknown;
  export interface ClientConfig {
    connectionString?: string;
    user?: string;
    application_name?: string;
    types?: { getTypeParser(oid: number, format?: string): TypeParser };
    /** Milliseconds to wait for the server to accept and answer (0: for ever). */
    connectionTimeoutMillis?: number;
  }
  export class Client {
    constructor(config?: ClientConfig);
    connect(): Promise<void>;
    query(text: string, values?: readonly unknown[]): Promise<QueryResult>;
    query<T extends NodeJS.WritableStream>(stream: T): T;
    end(): Promise<void>;
    on(event: 'error', listener: (e: Error) => void): this;
  }
  export const types: { getTypeParser(oid: number, format?: string): TypeParser };
  export const defaults: { user?: string };
  const pg: { Client: typeof Client; types: typeof types; defaults: typeof defaults };
  export default pg;
}

declare module 'pg-copy-streams' {
  import type { Writable } from 'node:stream';
  export interface CopyStreamQuery extends Writable {
    rowCount: number;
  }
  export function from(sql: string): CopyStreamQuery;
}
