import { describe, expect, it } from 'vitest';
import { ServiceMetrics, type MetricsSources } from './service-metrics.js';

function sources(overrides: Partial<MetricsSources> = {}): MetricsSources {
  return {
    workerStats: () => ({ threads: 4, queueSize: 7, utilization: 0.25 }),
    outboxBacklog: async () => ({ pending: 12, oldestAgeSeconds: 93.5 }),
    versions: () => ({ ruleSetVersion: '2025.04.1', sanctionsEditions: ['ofac:2024-05-03', 'un:2025-04-19'] }),
    ...overrides,
  };
}

/** The value of one sample line, e.g. `safe_screen_decisions_total{outcome="do_not_load"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('ServiceMetrics', () => {
  it('counts filings by format and result, and consignments of registered filings only', async () => {
    const metrics = new ServiceMetrics(sources());
    metrics.recordFiling('ens', 'registered', 3);
    metrics.recordFiling('ens', 'registered', 2);
    metrics.recordFiling('ens', 'duplicate', 2);
    metrics.recordFiling('CC315A', 'rejected', 0);
    const text = await metrics.render();
    expect(sample(text, 'safe_screen_filings_total{format="ens",result="registered"}')).toBe(2);
    expect(sample(text, 'safe_screen_filings_total{format="ens",result="duplicate"}')).toBe(1);
    expect(sample(text, 'safe_screen_filings_total{format="CC315A",result="rejected"}')).toBe(1);
    expect(sample(text, 'safe_screen_consignments_registered_total')).toBe(5);
  });

  it('counts decisions under "all" when outcome labels are off (open /metrics outside the embedded default)', async () => {
    const metrics = new ServiceMetrics(sources({ outcomeLabels: false }));
    metrics.recordDecisions(3, { assessment_complete: 2, do_not_load: 1 }, [4, 4, 4]);
    const text = await metrics.render();
    expect(sample(text, 'safe_screen_decisions_total{outcome="all"}')).toBe(3);
    expect(text).not.toContain('do_not_load');
  });

  it('counts decisions by outcome and observes assessment latency from the assessor hook', async () => {
    const metrics = new ServiceMetrics(sources());
    metrics.recordDecisions(3, { assessment_complete: 2, do_not_load: 1 }, [4, 4, 4]);
    const text = await metrics.render();
    expect(sample(text, 'safe_screen_decisions_total{outcome="assessment_complete"}')).toBe(2);
    expect(sample(text, 'safe_screen_decisions_total{outcome="do_not_load"}')).toBe(1);
    expect(sample(text, 'safe_screen_assessment_duration_seconds_count')).toBe(3);
    expect(sample(text, 'safe_screen_assessment_duration_seconds_bucket{le="0.005"}')).toBe(3);
    expect(sample(text, 'safe_screen_assessment_duration_seconds_bucket{le="0.0025"}')).toBe(0);
  });

  it('reads the worker pool, outbox backlog and snapshot versions when scraped', async () => {
    const metrics = new ServiceMetrics(sources());
    metrics.recordPublished(10);
    metrics.recordDeliveryFailures(2);
    const text = await metrics.render();
    expect(sample(text, 'safe_screen_worker_threads')).toBe(4);
    expect(sample(text, 'safe_screen_worker_queue_depth')).toBe(7);
    expect(sample(text, 'safe_screen_worker_utilization_ratio')).toBe(0.25);
    expect(sample(text, 'safe_screen_outbox_pending')).toBe(12);
    expect(sample(text, 'safe_screen_outbox_oldest_age_seconds')).toBe(93.5);
    expect(sample(text, 'safe_screen_kafka_published_total')).toBe(10);
    expect(sample(text, 'safe_screen_kafka_delivery_failures_total')).toBe(2);
    expect(sample(text, 'safe_screen_rule_set_active_info{version="2025.04.1"}')).toBe(1);
    expect(sample(text, 'safe_screen_sanctions_edition_info{edition="un:2025-04-19"}')).toBe(1);
  });

  it('shows only the versions in force after a snapshot change', async () => {
    let versions = { ruleSetVersion: 'a', sanctionsEditions: ['un:1'] };
    const metrics = new ServiceMetrics(sources({ versions: () => versions }));
    await metrics.render();
    versions = { ruleSetVersion: 'b', sanctionsEditions: ['un:2'] };
    const text = await metrics.render();
    expect(sample(text, 'safe_screen_rule_set_active_info{version="b"}')).toBe(1);
    expect(text).not.toContain('version="a"');
    expect(text).not.toContain('edition="un:1"');
  });

  it('still answers a scrape while the database is down, with NaN rather than an empty outbox', async () => {
    const metrics = new ServiceMetrics(sources({ outboxBacklog: async () => { throw new Error('ECONNREFUSED'); } }));
    const text = await metrics.render();
    expect(sample(text, 'safe_screen_outbox_pending')).toBeNaN();
    expect(sample(text, 'safe_screen_outbox_oldest_age_seconds')).toBeNaN();
    expect(sample(text, 'safe_screen_worker_threads')).toBe(4);
  });

  it('keeps instances apart: each has its own registry', async () => {
    const a = new ServiceMetrics(sources());
    const b = new ServiceMetrics(sources());
    a.recordFiling('ens', 'registered', 1);
    expect(sample(await b.render(), 'safe_screen_filings_total{format="ens",result="registered"}')).toBeUndefined();
  });
});
