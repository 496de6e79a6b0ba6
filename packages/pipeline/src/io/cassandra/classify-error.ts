import cassandra from "cassandra-driver";
import { ConnectionError, describe, PipelineError } from "../../errors.ts";

const codes = cassandra.types.responseErrorCodes;
// Server answers that mean "try again later": the write may succeed on retry, and upserts are idempotent.
const TRANSIENT_CODES = new Set<number>([codes.unavailableException, codes.overloaded, codes.isBootstrapping, codes.writeTimeout, codes.readTimeout, codes.serverError]);

/** Wraps a cassandra-driver error; `retriable` says whether the runner should back off and retry. */
export function classifyCassandraError(error: unknown, action: string): PipelineError {
  if (error instanceof PipelineError) return error;
  const message = `cassandra ${action} failed: ${describe(error)}`;
  const e = error as { name?: string; code?: number } | null;
  const transient =
    // A plain DriverError is the client's side of a connection going away ("Socket was closed",
    // "Connection timeout"): the server may be back on the next try. Its subclasses have their own names.
    e?.name === "DriverError" ||
    e?.name === "NoHostAvailableError" ||
    e?.name === "OperationTimedOutError" ||
    e?.name === "BusyConnectionError" ||
    (e?.name === "ResponseError" && typeof e.code === "number" && TRANSIENT_CODES.has(e.code));
  return transient ? new ConnectionError(message, { cause: error }) : new PipelineError(message, { cause: error });
}
