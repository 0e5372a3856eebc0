export { ServiceMetrics, type MetricsSources, type FilingResult } from './service-metrics.js';
export { metricsRoutes, type MetricsRoutesOptions } from './metrics-routes.js';
export { underPressurePlugin, type UnderPressureOptions } from './under-pressure.js';
export { documentErrorCatalog, listErrorCodes, type ErrorCodeDoc } from './error-catalog.js';
export { opsApp, type OpsAppOptions } from './ops-app.js';
