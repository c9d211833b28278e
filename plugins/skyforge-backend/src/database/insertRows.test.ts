import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { insertRows, storeKeyedRows, TypedColumn } from './insertRows';

jest.setTimeout(60_000);

const COLUMNS: TypedColumn[] = [
  { name: 'name', pgType: 'text' },
  { name: 'size', pgType: 'integer' },
];

describe('insertRows and storeKeyedRows', () => {
  const databases = TestDatabases.create({
    ids: ['POSTGRES_15', 'SQLITE_3'],
    disableDocker: true,
  });

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let knex: Knex;
    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await knex.schema.createTable('things', table => {
        table.increments('id');
        table.string('name', 64).notNullable().unique();
        table.integer('size').nullable();
      });
    });

    it('stores new keys once and returns the ids of new and stored keys', async () => {
      const first = await knex.transaction(trx =>
        storeKeyedRows(trx, {
          table: 'things',
          columns: COLUMNS,
          rows: [
            ['a', 1],
            ['b', null],
            ['it\'s "quoted"\t{a,b}', 3],
          ],
        }),
      );
      expect([...first.added].sort()).toEqual(
        ['a', 'b', 'it\'s "quoted"\t{a,b}'].sort(),
      );
      expect([...first.ids.keys()]).toEqual(
        expect.arrayContaining(['a', 'b', 'it\'s "quoted"\t{a,b}']),
      );
      const second = await knex.transaction(trx =>
        storeKeyedRows(trx, {
          table: 'things',
          columns: COLUMNS,
          rows: [
            ['b', 20],
            ['c', 4],
            ['it\'s "quoted"\t{a,b}', 30],
          ],
        }),
      );
      expect([...second.added]).toEqual(['c']);
      expect(second.ids.get('b')).toBe(first.ids.get('b'));
      expect(second.ids.get('it\'s "quoted"\t{a,b}')).toBe(
        first.ids.get('it\'s "quoted"\t{a,b}'),
      );
      const stored = await knex('things').orderBy('name');
      expect(stored.map(r => [r.name, r.size, Number(r.id)])).toEqual([
        ['a', 1, first.ids.get('a')],
        ['b', null, first.ids.get('b')],
        ['c', 4, second.ids.get('c')],
        ['it\'s "quoted"\t{a,b}', 3, first.ids.get('it\'s "quoted"\t{a,b}')],
      ]);
    });

    it('inserts rows with a conflict clause, reading a reused row array', async () => {
      await knex('things').insert({ name: 'x', size: 1 });
      const row: Array<string | number | null> = [];
      function* rows() {
        for (const [name, size] of [
          ['x', 10],
          ['y', 2],
        ] as const) {
          row[0] = name;
          row[1] = size;
          yield row;
        }
      }
      await knex.transaction(trx =>
        insertRows(trx, {
          table: 'things',
          columns: COLUMNS,
          rows: rows(),
          conflict:
            'on conflict (name) do update set size = things.size + excluded.size',
        }),
      );
      const stored = await knex('things').orderBy('name');
      expect(stored.map(r => [r.name, r.size])).toEqual([
        ['x', 11],
        ['y', 2],
      ]);
    });

    if (databaseId === 'POSTGRES_15') {
      it('returns the id of a key another transaction stored while this one waited for it', async () => {
        const other = await knex.transaction();
        const theirs = await storeKeyedRows(other, {
          table: 'things',
          columns: COLUMNS,
          rows: [['shared', 1]],
        });
        const mine = knex.transaction(trx =>
          storeKeyedRows(trx, {
            table: 'things',
            columns: COLUMNS,
            rows: [
              ['shared', 2],
              ['own', 3],
            ],
          }),
        );
        // Ours waits on the uncommitted key until the other transaction commits.
        await new Promise(resolve => setTimeout(resolve, 300));
        await other.commit();
        const { ids, added } = await mine;
        expect(ids.get('shared')).toBe(theirs.ids.get('shared'));
        expect(ids.get('own')).toEqual(expect.any(Number));
        expect([...added]).toEqual(['own']);
      });
    }
  });
});
