namespace LowLatencyFeed.Host.Cli;

/// <summary>The help text.</summary>
public static class UsageText
{
    /// <summary>Printed by <c>llfeed help</c> and after usage errors.</summary>
    public const string Text = """
        usage: llfeed <verb> [options]

          demo      simulator + engine in one process, live figures every second
                    [--data-dir DIR=./data] [--duration SECONDS] [--rate MSGS_PER_S=2000]
                    [--instruments N=20] [--seed N=42] [--metrics-port PORT=9464] [--no-database]
          run       the engine against configured feeds, or the bus (Source:Type jetstream)   --config FILE [--duration SECONDS]
          simulate  the loopback simulator alone                 [--port PORT=8765] [--rate N] [--instruments N] [--seed N]
                    faults, per connection, 0 = off: [--drop-every N] [--garbage-every N] [--truncate-every N]
                    [--silent-after N] [--fragment-bytes N] [--fragment-delay-ms MS]
          migrate   apply the schema migrations                  [--config FILE] [--database CONNECTION] [--data-dir DIR]
          backfill  broker candles into the bars (source 'backfill'), resumable, exactly once
                    --config FILE --instrument Kite:408065|SYMBOL [--timeframe 1m] --from T [--to T=now] [--database CONNECTION]
          replay    journal → the same bar/book code as live      --journal DIR [--from T] [--to T] [--instruments Kite:408065,NSE:INFY,...]
                    [--speed max|1x|Nx] [--out FILE --format csv|jsonl] [--metrics-out FILE] [--indicators-out FILE] [--config FILE]
                    [--data-dir DIR: cached masters for names] [--parallel [N]: split by instrument over N threads, default one per core but the reader's]
          instruments sync                                       download the brokers' instrument masters into DATA/instruments
                    [--broker kite|dhan|kotak|binance|all] [--config FILE] [--data-dir DIR] [--day YYYY-MM-DD]
          instruments search TEXT | show NAME                    look up the cached masters ("NSE:INFY", "NSE:NIFTY 50", NSE_EQ|1594)
                    [--broker B] [--limit N=20] [--config FILE] [--data-dir DIR]
          login kite|dhan|kotak                                  obtain the broker's session token into DATA/tokens.json (mode 0600)
                    [--config FILE] [--data-dir DIR]   kite: prints the login URL, waits for the loopback redirect;
                    dhan/kotak: unattended from client id, PIN/MPIN and TOTP secret (Logins section or environment)
                    [--consent | --renew]   dhan: the API-key consent flow (browser once), or renew the stored active token
          train     LightGBM on journal features, walk-forward    --journal DIR --out model.zip [--from T] [--to T] [--config FILE] [--instruments LIST]
                    [--timeframe 1m] [--folds 4] [--embargo-bars 5] [--vertical-bars 10] [--barrier 2] [--iterations 100] [--leaves 15] [--seed 1]
          journal inspect|verify|export                          --journal DIR [--out FILE (export)] [--format csv|parquet --out DIR --from T --to T --instruments LIST --config FILE --row-group-rows N]
          decode    print a capture as JSON lines                --protocol kite|dhan|dhan-depth|dhan-depth20|dhan-depth200|binance|kotak|kotak-hsm
                    FILE|- [--hex]  (binary, or hex text with one WebSocket message per line)
          fuzz      mutated/random frames through the live decode path   --protocol kite|dhan|dhan-depth20|dhan-depth200|kotak|kotak-hsm|binance|all
                    [--frames N=1000000] [--seed S=1] [--warmup N] [--frame-timeout-ms MS=10000] [--parallel N=cores] [--seconds S]   exit 1 on crash, hang or allocation
          soak      host SIGKILLs and database outages under simulated load, then database == journal == sent
                    [--rate N=20000] [--protocols kite,dhan,kotak] [--kills N=20] [--outages N=20] [--interval-ms MS=2000]
                    [--outage-ms MS=2000] [--seed S=42] [--no-signals] [--dir DIR] [--keep]   exit 1 on any lost, duplicated or mismatched row

        Ctrl+C stops: feeds close, the ring drains through every stage, then the process exits.
        """;
}
