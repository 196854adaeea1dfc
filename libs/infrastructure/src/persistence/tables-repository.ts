import { Injectable } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { Database } from './database';

/**
 * The base of a repository over one library's tables: `db` is the process's one database handle
 * typed to them (Database.tables), and `database` gives the dialect for value conversions. A
 * subclass that needs nothing else injected declares no constructor of its own: Nest reads the
 * injected Database from this class.
 */
@Injectable()
export abstract class TablesRepository<Tables> {
  constructor(protected readonly database: Database) {}

  protected get db(): Kysely<Tables> {
    return this.database.tables<Tables>();
  }
}
