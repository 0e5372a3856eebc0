export { runCli, buildProgram } from './program.js';
export { EXIT, CliError, processIo, type CliIo, type ExitCode } from './cli-io.js';
export { reassessStored, formatReassessment, type ReassessmentReport, type OutcomeTransition } from '@safe-screen/ingest/reassess-stored';
