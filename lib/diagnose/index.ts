export { diagnoseAssumeRole, DiagnoseInputError } from "./diagnose";
export { parseStsError, type ParsedError, type ErrorKind } from "./errors";
export * from "./types";
