/** @tally/pipeline/prometheus: a metrics sink and runner hooks recording pipeline metrics. */
export { prometheusSink, type CounterUpdate, type GaugeUpdate, type PrometheusSinkOptions } from "./prometheus-sink.ts";
export { pipelineMetrics, type PipelineMetrics } from "./pipeline-metrics.ts";
