/** @tally/pipeline/prometheus: a sink that sets gauges and counters from a job's results. */
export { prometheusSink, type CounterUpdate, type GaugeUpdate, type PrometheusSinkOptions } from "./prometheus-sink.ts";
