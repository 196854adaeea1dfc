import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { assertAuthConfigured, ENV_VARIABLES, loadConfig } from '@app/infrastructure';
import { K8sObject, renderKustomization } from './kustomize';
import { schemaErrors, strictFieldErrors, validateManifests } from './k8s-schema';

/**
 * deploy/k8s: every object is valid against the Kubernetes schemas (with unknown fields
 * rejected), and the deployment properties the service relies on hold: roles, probes on the
 * Terminus endpoints, resources, non-root read-only containers, secrets only by reference,
 * graceful termination, scaling and disruption budgets.
 */

const ROOT = join(__dirname, '..', '..');
const K8S = join(ROOT, 'deploy', 'k8s');
const objects = renderKustomization(K8S);

type Obj = any;

const byKind = (kind: string): Obj[] => objects.filter((o) => o.kind === kind);
const named = (kind: string, name: string): Obj => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`${kind}/${name} missing from deploy/k8s`);
  return found;
};
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const deployments = byKind('Deployment');
const envConfigMap = named('ConfigMap', 'ai-orchestration-env');
const SECRET_VARIABLES = ENV_VARIABLES.filter((v) => v.secret).map((v) => v.name);

/** The environment a container gets: ConfigMap envFrom first, then its own env (env wins). */
function effectiveEnv(container: Obj): Record<string, string> {
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    const cm = named('ConfigMap', from.configMapRef.name);
    Object.assign(env, cm.data);
  }
  for (const e of container.env ?? []) if (e.value !== undefined) env[e.name] = e.value;
  return env;
}

/** Kubernetes quantity → number (cores or bytes). */
function quantity(q: string | number): number {
  const m = /^([0-9.]+)(m|k|Ki|M|Mi|G|Gi|T|Ti)?$/.exec(String(q));
  if (!m) throw new Error(`not a quantity: ${q}`);
  const unit =
    { m: 1e-3, k: 1e3, Ki: 1024, M: 1e6, Mi: 1024 ** 2, G: 1e9, Gi: 1024 ** 3, T: 1e12, Ti: 1024 ** 4 }[m[2] ?? ''] ??
    1;
  return Number(m[1]) * unit;
}

const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);

function preStopSeconds(container: Obj): number {
  const command: string[] | undefined = container.lifecycle?.preStop?.exec?.command;
  if (!command) return 0;
  expect(command[0]).toBe('sleep');
  return Number(command[1]);
}

describe('deploy/k8s manifests', () => {
  it('render: every YAML file in deploy/k8s is part of the kustomization, and all object names are unique', () => {
    const files = readdirSync(K8S).filter(
      (f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml' && f !== 'ai-orchestration.yml',
    );
    const kustomization = readFileSync(join(K8S, 'kustomization.yaml'), 'utf8');
    for (const file of files) expect(kustomization).toContain(`- ${file}`);
    const ids = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(
      [
        'ConfigMap/ai-orchestration-config',
        'ConfigMap/ai-orchestration-env',
        'Deployment/ai-orchestration-api',
        'Deployment/ai-orchestration-worker',
        'HorizontalPodAutoscaler/ai-orchestration-api',
        'HorizontalPodAutoscaler/ai-orchestration-worker',
        'PodDisruptionBudget/ai-orchestration-api',
        'PodDisruptionBudget/ai-orchestration-worker',
        'Service/ai-orchestration-api',
        'ServiceAccount/ai-orchestration',
      ].sort(),
    );
    // Namespace-agnostic: the namespace comes from `-n` or an overlay.
    for (const o of objects) expect(o.metadata.namespace).toBeUndefined();
  });

  it('every object is valid against the Kubernetes OpenAPI schemas, with no unknown field', () => {
    expect(validateManifests(objects)).toEqual([]);
  }, 60_000);

  it('the validation fails on broken objects (wrong types, missing required fields, misspelt fields, unknown kinds)', () => {
    // Each object carries one defect, so each must produce its own error.
    const wrongType = clone(named('Deployment', 'ai-orchestration-api'));
    wrongType.metadata.name = 'wrong-type';
    wrongType.spec.replicas = 'two';
    const missingName = clone(named('Deployment', 'ai-orchestration-api'));
    missingName.metadata.name = 'missing-name';
    delete missingName.spec.template.spec.containers[0].name;
    const misspelt = clone(named('Deployment', 'ai-orchestration-api'));
    misspelt.spec.template.spec.containers[0].livenessProbe.periodSecond = 10; // the API server would drop it silently
    const hpa = clone(named('HorizontalPodAutoscaler', 'ai-orchestration-api'));
    delete hpa.spec.maxReplicas;
    const v1Field = clone(named('HorizontalPodAutoscaler', 'ai-orchestration-worker'));
    v1Field.spec.targetCPUUtilizationPercentage = 70; // an autoscaling/v1 field in a v2 object
    const unknownKind: K8sObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };

    expect(schemaErrors([wrongType, missingName, hpa, unknownKind])).toEqual([
      expect.stringMatching(/^Deployment\/wrong-type: .*spec\/replicas must be integer/),
      expect.stringMatching(/^Deployment\/missing-name: .*containers\/0 must have required property '?name'?/),
      expect.stringMatching(
        /^HorizontalPodAutoscaler\/ai-orchestration-api: .*must have required property '?maxReplicas'?/,
      ),
      'Widget/w: no schema for example.com/v1/Widget',
    ]);
    // The schemas allow unknown fields; the strict pass does not.
    expect(schemaErrors([misspelt, v1Field])).toEqual([]);
    const strict = strictFieldErrors([misspelt, v1Field]);
    expect(strict).toEqual([
      expect.stringMatching(/^Deployment\/ai-orchestration-api: .*'"?periodSecond"?' does not exist in type 'IProbe'/),
      expect.stringMatching(
        /^HorizontalPodAutoscaler\/ai-orchestration-worker: .*'"?targetCPUUtilizationPercentage"?' does not exist/,
      ),
    ]);
    expect(validateManifests([misspelt]).length).toBe(1);
  }, 60_000);

  it('two Deployments from one image: api (ROLE=api) and worker (ROLE=worker), 2 replicas each, selectors matching their pods only', () => {
    const roles = Object.fromEntries(deployments.map((d) => [d.metadata.name, d]));
    expect(Object.keys(roles).sort()).toEqual(['ai-orchestration-api', 'ai-orchestration-worker']);
    const images = new Set(deployments.map((d) => d.spec.template.spec.containers[0].image));
    expect(images.size).toBe(1);
    for (const [name, role] of [
      ['ai-orchestration-api', 'api'],
      ['ai-orchestration-worker', 'worker'],
    ]) {
      const d = roles[name];
      expect(d.spec.replicas).toBe(2);
      expect(d.spec.template.spec.containers).toHaveLength(1);
      expect(effectiveEnv(d.spec.template.spec.containers[0]).ROLE).toBe(role);
      expect(matches(d.spec.selector.matchLabels, d.spec.template.metadata.labels)).toBe(true);
      const other = deployments.find((x) => x !== d);
      expect(matches(d.spec.selector.matchLabels, other.spec.template.metadata.labels)).toBe(false);
    }
  });

  describe.each(deployments.map((d) => [d.metadata.name as string, d]))('%s', (_name, d: Obj) => {
    const pod = d.spec.template.spec;
    const container = pod.containers[0];

    it('probes: startup and liveness on /health/live, readiness on /health/ready, on the named port http (8003)', () => {
      expect(container.ports).toEqual([{ name: 'http', containerPort: 8003, protocol: 'TCP' }]);
      expect(container.startupProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
      // The startup window covers migrations: at least a minute before liveness takes over.
      expect(container.startupProbe.periodSeconds * container.startupProbe.failureThreshold).toBeGreaterThanOrEqual(60);
      expect(pod.containers.flatMap((c: Obj) => c.ports ?? []).map((p: Obj) => p.containerPort)).toContain(
        Number(effectiveEnv(container).PORT ?? 8003),
      );
    });

    it('resources: requests and limits for cpu and memory, requests within limits', () => {
      const { requests, limits } = container.resources;
      for (const r of ['cpu', 'memory']) {
        expect(requests[r]).toBeDefined();
        expect(limits[r]).toBeDefined();
        expect(quantity(requests[r])).toBeLessThanOrEqual(quantity(limits[r]));
      }
      // ~350 MB idle RSS per process: the request must cover it.
      expect(quantity(requests.memory)).toBeGreaterThanOrEqual(350 * 1024 ** 2);
      // V8's heap cap stays under the memory limit.
      const heapMb = Number(/--max-old-space-size=(\d+)/.exec(effectiveEnv(container).NODE_OPTIONS ?? '')?.[1]);
      expect(heapMb * 1024 ** 2).toBeLessThan(quantity(limits.memory));
    });

    it('security: non-root uid 1000, read-only root filesystem, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp, no service account token', () => {
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 1000,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(named('ServiceAccount', pod.serviceAccountName).automountServiceAccountToken).toBe(false);
      for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
        expect(c.securityContext).toMatchObject({
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        });
        expect(c.securityContext.runAsNonRoot).not.toBe(false);
        expect(c.securityContext.privileged).not.toBe(true);
        expect(c.securityContext.runAsUser ?? pod.securityContext.runAsUser).toBe(1000);
      }
      expect(pod.hostNetwork ?? false).toBe(false);
      expect(pod.hostPID ?? false).toBe(false);
    });

    it('writable paths are emptyDirs (/tmp, /app/data scratch); the settings file is the generated ConfigMap at CONFIG_FILE', () => {
      const volumes = Object.fromEntries(pod.volumes.map((v: Obj) => [v.name, v]));
      const mounts = Object.fromEntries(container.volumeMounts.map((m: Obj) => [m.mountPath, m]));
      for (const path of ['/tmp', '/app/data']) {
        expect(mounts[path]).toBeDefined();
        expect(volumes[mounts[path].name].emptyDir).toBeDefined();
        expect(volumes[mounts[path].name].emptyDir.sizeLimit).toBeDefined();
      }
      // Only emptyDirs and ConfigMaps: no hostPath, no Secret files (secrets come by secretKeyRef).
      for (const v of pod.volumes)
        expect(Object.keys(v).filter((k) => k !== 'name')).toEqual([expect.stringMatching(/^(emptyDir|configMap)$/)]);
      const configFile = effectiveEnv(container).CONFIG_FILE;
      expect(configFile).toBeDefined();
      const mount = mounts[dirname(configFile)];
      expect(mount.readOnly).toBe(true);
      const cm = named('ConfigMap', volumes[mount.name].configMap.name);
      expect(Object.keys(cm.data)).toContain(basename(configFile));
    });

    it('secrets: every secret setting comes from the Secret by secretKeyRef; none has a literal value', () => {
      const env: Obj[] = container.env;
      for (const name of SECRET_VARIABLES) {
        const entry = env.find((e) => e.name === name);
        expect({ name, entry }).toEqual({
          name,
          entry: expect.objectContaining({
            valueFrom: { secretKeyRef: expect.objectContaining({ name: 'ai-orchestration-secrets', key: name }) },
          }),
        });
        expect(entry.value).toBeUndefined();
        expect(env.find((e) => e.name === `${name}_FILE`)).toBeUndefined();
      }
      // Required in distributed mode (the pod must not start without them); the rest optional.
      for (const e of env.filter((x) => x.valueFrom?.secretKeyRef)) {
        expect([e.name, e.valueFrom.secretKeyRef.optional === true]).toEqual([
          e.name,
          !['DATABASE_URL', 'REDIS_URL'].includes(e.name),
        ]);
      }
      // Nothing reads a Secret any other way.
      for (const from of container.envFrom ?? []) expect(from.secretRef).toBeUndefined();
    });

    it('every environment variable set is one the service reads (.env.example), plus ROLE and NODE_OPTIONS', () => {
      const listed = new Set(
        [...readFileSync(join(ROOT, '.env.example'), 'utf8').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]),
      );
      // ROLE arrives with the distributed mode (issue 10); NODE_OPTIONS is read by node itself.
      for (const extra of ['ROLE', 'NODE_OPTIONS']) listed.add(extra);
      const names = [...Object.keys(effectiveEnv(container)), ...container.env.map((e: Obj) => e.name)];
      expect(names.filter((n) => !listed.has(n))).toEqual([]);
    });

    it('graceful termination: grace period > preStop sleep + SHUTDOWN_TIMEOUT_MS', () => {
      const shutdownSeconds = Number(effectiveEnv(container).SHUTDOWN_TIMEOUT_MS) / 1000;
      expect(shutdownSeconds).toBeGreaterThan(0);
      expect(d.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(
        preStopSeconds(container) + shutdownSeconds,
      );
    });

    it('has an autoscaling/v2 HorizontalPodAutoscaler on CPU and a PodDisruptionBudget (minAvailable 1) selecting only its pods', () => {
      const hpa = byKind('HorizontalPodAutoscaler').filter((h) => h.spec.scaleTargetRef.name === d.metadata.name);
      expect(hpa).toHaveLength(1);
      expect(hpa[0].apiVersion).toBe('autoscaling/v2');
      expect(hpa[0].spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name });
      expect(hpa[0].spec.minReplicas).toBeGreaterThanOrEqual(2);
      expect(hpa[0].spec.maxReplicas).toBeGreaterThan(hpa[0].spec.minReplicas);
      expect(hpa[0].spec.metrics).toContainEqual({
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: expect.any(Number) } },
      });

      const pdbs = byKind('PodDisruptionBudget').filter((p) =>
        matches(p.spec.selector.matchLabels, d.spec.template.metadata.labels),
      );
      expect(pdbs).toHaveLength(1);
      expect(pdbs[0].spec.minAvailable).toBe(1);
      for (const other of deployments.filter((x) => x !== d))
        expect(matches(pdbs[0].spec.selector.matchLabels, other.spec.template.metadata.labels)).toBe(false);
    });

    it('spreads its pods across nodes', () => {
      const spread = (pod.topologySpreadConstraints ?? []).find((t: Obj) => t.topologyKey === 'kubernetes.io/hostname');
      const antiAffinity = pod.affinity?.podAntiAffinity;
      expect(spread ?? antiAffinity).toBeDefined();
      if (spread) expect(matches(spread.labelSelector.matchLabels, d.spec.template.metadata.labels)).toBe(true);
    });
  });

  it('the api drains: a preStop sleep before SIGTERM so endpoints are removed first', () => {
    const api = named('Deployment', 'ai-orchestration-api').spec.template.spec.containers[0];
    expect(preStopSeconds(api)).toBeGreaterThanOrEqual(3);
  });

  it('the Service is ClusterIP port 80 → http and selects the api pods only', () => {
    const svc = named('Service', 'ai-orchestration-api');
    expect(svc.spec.type ?? 'ClusterIP').toBe('ClusterIP');
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
    const api = named('Deployment', 'ai-orchestration-api');
    const worker = named('Deployment', 'ai-orchestration-worker');
    expect(matches(svc.spec.selector, api.spec.template.metadata.labels)).toBe(true);
    expect(matches(svc.spec.selector, worker.spec.template.metadata.labels)).toBe(false);
  });

  it('the env ConfigMap holds only non-secret settings, production mode', () => {
    expect(envConfigMap.data.NODE_ENV).toBe('production');
    for (const name of SECRET_VARIABLES) {
      expect(Object.keys(envConfigMap.data)).not.toContain(name);
      expect(Object.keys(envConfigMap.data)).not.toContain(`${name}_FILE`);
    }
  });

  it('no Secret object and no credential-looking value anywhere in deploy/', () => {
    expect(byKind('Secret')).toEqual([]);
    const files = readdirSync(K8S).map((f) => join(K8S, f));
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect({ file, urlWithPassword: /[a-z]+:\/\/[^/\s:@]+:[^/\s@]+@/i.test(text) }).toEqual({
        file,
        urlWithPassword: false,
      });
      if (/\.ya?ml$/.test(file))
        for (const doc of parseAllDocuments(text)) expect((doc.toJS() as Obj)?.kind).not.toBe('Secret');
    }
  });

  it('the settings ConfigMap is an exact copy of config/ai-orchestration.yml (run `cp config/ai-orchestration.yml deploy/k8s/` after changing it)', () => {
    const cm = named('ConfigMap', 'ai-orchestration-config');
    expect(cm.data['ai-orchestration.yml']).toBe(readFileSync(join(ROOT, 'config', 'ai-orchestration.yml'), 'utf8'));
  });

  it.each(deployments.map((d) => [d.metadata.name as string, d]))(
    '%s: the service accepts its configuration (loadConfig with the pod environment and the mounted file)',
    (_name, d: Obj) => {
      const container = d.spec.template.spec.containers[0];
      const env: Record<string, string> = {
        ...effectiveEnv(container),
        CONFIG_FILE: join(K8S, 'ai-orchestration.yml'),
      };
      // Stand-ins for the Secret's values (the required ones and one credential).
      env.DATABASE_URL = 'postgres://app@db.example:5432/orchestration';
      env.REDIS_URL = 'redis://redis.example:6379';
      env.API_KEYS = `ops:admin:default:${'a'.repeat(40)}`;
      const config = loadConfig({ env });
      expect(config.service.environment).toBe('production');
      expect(config.service.port).toBe(8003);
      expect(config.service.shutdownTimeoutMs).toBe(Number(effectiveEnv(container).SHUTDOWN_TIMEOUT_MS));
      expect(() =>
        assertAuthConfigured(
          config.service.environment,
          { apiKeys: config.security.apiKeys, jwt: config.security.jwt, authDisabled: config.security.authDisabled },
          { warn: () => undefined },
        ),
      ).not.toThrow();
    },
  );
});
