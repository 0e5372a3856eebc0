/**
 * The deployment examples in infra/deploy are checked like code: they parse, have the structure an
 * orchestrator needs, set only settings the service accepts, and the combination each instance
 * gets is one loadConfig accepts. Migrations run once (a job), never on instance start.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig, SETTING_NAMES } from '@safe-screen/config';

const DEPLOY = new URL('../../../infra/deploy/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, DEPLOY), 'utf8');

type Env = Record<string, string>;
interface ComposeService { image?: string; command?: string[]; environment?: Env; depends_on?: Record<string, { condition: string }>; deploy?: { replicas?: number }; restart?: string; healthcheck?: unknown }

function expectAcceptedSettings(env: Env, where: string): void {
  for (const name of Object.keys(env)) expect(SETTING_NAMES, `${where} sets ${name}, which the service does not read`).toContain(name);
  expect(() => loadConfig(env), where).not.toThrow();
}

describe('compose.yaml', () => {
  const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, ComposeService> };
  const { services } = compose;
  const ours = Object.entries(services).filter(([, s]) => s.image?.startsWith('safe-screen'));

  it('runs N api+assessor instances behind a load balancer and M relays, after a one-shot migration', () => {
    expect(services['migrate']?.command).toEqual(['node', 'services/cli/dist/main.js', 'migrate']);
    expect(services['migrate']?.restart).toBe('no');
    for (const name of ['ingest', 'relay']) {
      const service = services[name]!;
      expect(service.command).toEqual(['node', 'services/ingest/dist/main.js']);
      expect(service.depends_on?.['migrate']?.condition).toBe('service_completed_successfully');
      expect(service.environment?.['MIGRATE_ON_START']).toBe('false');
    }
    expect(services['ingest']?.environment?.['ROLES']).toBe('api,assessor');
    expect(services['ingest']?.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(services['relay']?.environment?.['ROLES']).toBe('relay');
    expect(services['loadbalancer']?.depends_on?.['ingest']?.condition).toBe('service_healthy');
    expect(read('haproxy.cfg')).toMatch(/option httpchk GET \/readyz/);
  });

  it('sets only settings the service accepts, in combinations loadConfig accepts', () => {
    expect(ours.length).toBe(3);
    for (const [name, service] of ours) {
      expectAcceptedSettings(service.environment ?? {}, `compose service ${name}`);
      const config = loadConfig(service.environment ?? {});
      expect(config.database.kind, name).toBe('postgres');
      expect(config.archive.kind, name).toBe('s3');
      expect(config.kafka, name).toBeDefined();
      expect(config.bootstrapDemoKeys, name).toBe(false);
    }
  });
});

interface K8sDoc {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  data?: Env;
  stringData?: Env;
  spec?: Record<string, unknown>;
}
interface Container { name: string; image: string; command?: string[]; env?: { name: string; value: string }[]; envFrom?: ({ configMapRef?: { name: string } } & { secretRef?: { name: string } })[]; livenessProbe?: { httpGet?: { path: string } }; readinessProbe?: { httpGet?: { path: string } } }
interface PodTemplate { metadata: { labels: Record<string, string> }; spec: { containers: Container[] } }

describe('k8s manifests', () => {
  const docs: K8sDoc[] = ['config.yaml', 'migrate-job.yaml', 'ingest.yaml', 'relay.yaml'].flatMap((file) =>
    parseAllDocuments(read(`k8s/${file}`)).map((d) => {
      expect(d.errors, file).toEqual([]);
      return d.toJSON() as K8sDoc;
    }),
  );
  const find = (kind: string, name: string) => docs.find((d) => d.kind === kind && d.metadata.name === name);
  const templateOf = (doc: K8sDoc) => (doc.kind === 'Job' ? (doc.spec!['template'] as PodTemplate) : (doc.spec!['template'] as PodTemplate));

  /** What a container's process sees: ConfigMaps and Secrets it references, then its own env. */
  function environmentOf(container: Container): Env {
    const env: Env = {};
    for (const source of container.envFrom ?? []) {
      const ref = source.configMapRef ?? source.secretRef;
      const doc = find(source.configMapRef !== undefined ? 'ConfigMap' : 'Secret', ref!.name);
      expect(doc, `envFrom ${ref!.name}`).toBeDefined();
      Object.assign(env, doc!.data ?? doc!.stringData);
    }
    for (const entry of container.env ?? []) env[entry.name] = entry.value;
    return env;
  }

  it('every document names its API version, kind and name', () => {
    for (const doc of docs) {
      expect(doc.apiVersion).toMatch(/^(v1|apps\/v1|batch\/v1|autoscaling\/v2)$/);
      expect(doc.kind).toMatch(/^(ConfigMap|Secret|Deployment|Service|Job|HorizontalPodAutoscaler)$/);
      expect(doc.metadata.name).toMatch(/^[a-z0-9-]+$/);
    }
  });

  it('deployments select their own pods, probe /healthz and /readyz, and run the roles they are named for', () => {
    const roles = { 'safe-screen-ingest': 'api,assessor', 'safe-screen-relay': 'relay' } as const;
    for (const [name, role] of Object.entries(roles)) {
      const deployment = find('Deployment', name)!;
      const selector = (deployment.spec!['selector'] as { matchLabels: Record<string, string> }).matchLabels;
      const template = templateOf(deployment);
      expect(template.metadata.labels).toMatchObject(selector);
      const [container] = template.spec.containers;
      expect(container!.livenessProbe?.httpGet?.path).toBe('/healthz');
      expect(container!.readinessProbe?.httpGet?.path).toBe('/readyz');
      const env = environmentOf(container!);
      expect(env['ROLES']).toBe(role);
      expect(env['MIGRATE_ON_START']).toBe('false');
      expectAcceptedSettings(env, name);
    }
    const service = find('Service', 'safe-screen-ingest')!;
    expect(templateOf(find('Deployment', 'safe-screen-ingest')!).metadata.labels).toMatchObject(service.spec!['selector'] as Record<string, string>);
    const hpa = find('HorizontalPodAutoscaler', 'safe-screen-ingest')!;
    expect((hpa.spec!['scaleTargetRef'] as { name: string }).name).toBe('safe-screen-ingest');
  });

  it('migrates with a Job that runs safe-screen migrate once', () => {
    const job = find('Job', 'safe-screen-migrate')!;
    const [container] = templateOf(job).spec.containers;
    expect(container!.command).toEqual(['node', 'services/cli/dist/main.js', 'migrate']);
    expectAcceptedSettings(environmentOf(container!), 'migrate job');
  });
});
