import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./server-launch";

/** Debian's nginx (setup installs nginx-light); HANDOFF_NGINX overrides. */
const NGINX = process.env.HANDOFF_NGINX ?? "/usr/sbin/nginx";

/** A reverse proxy in front of a server (ending TLS: HTTPS and WSS outside, plain HTTP to the server) or a load balancer in front of several. */
export interface NginxProxy {
  /** https://127.0.0.1:<port> */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The configuration the README gives an administrator, on loopback ports: X-Forwarded-For/-Proto/-Host for
 * the server (which believes them only from HANDOFF_TRUST_PROXY), and the WebSocket upgrade for /socket.io/.
 * With several upstreams (replicas) nginx takes them in turn, without stickiness: the apps' socket.io speaks
 * WebSocket only, one connection that stays on its replica (long-polling's separate requests would need ip_hash).
 * Without a certificate it listens on plain HTTP; every answer names the replica that gave it (X-Upstream).
 */
export function nginxConf(dir: string, listenPort: number, upstreams: readonly URL[], tls = true): string {
  const forwarded = [
    "proxy_http_version 1.1;",
    "proxy_set_header Host $http_host;",
    "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
    "proxy_set_header X-Forwarded-Proto $scheme;",
    "proxy_set_header X-Forwarded-Host $http_host;",
  ];
  return `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  upstream handoff {
    ${upstreams.map((upstream) => `server ${upstream.host} max_fails=1 fail_timeout=2s;`).join("\n    ")}
    keepalive 16;
  }
  server {
    ${tls ? `listen 127.0.0.1:${listenPort} ssl;
    ssl_certificate ${dir}/proxy.pem;
    ssl_certificate_key ${dir}/proxy.key;
    ssl_protocols TLSv1.2 TLSv1.3;` : `listen 127.0.0.1:${listenPort};`}
    add_header X-Upstream $upstream_addr always;
    location / {
      proxy_pass http://handoff;
      ${forwarded.join("\n      ")}
      proxy_set_header Connection "";
    }
    location /socket.io/ {
      proxy_pass http://handoff;
      ${forwarded.join("\n      ")}
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_read_timeout 1h;
    }
  }
}
`;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Starts nginx in the foreground with its own files in a temporary directory; `close()` stops it and removes them. */
export async function startNginxProxy(upstreamUrl: string, certificate: { cert: string; key: string }): Promise<NginxProxy> {
  return startNginx([upstreamUrl], certificate);
}

/** nginx as the load balancer in front of several replicas, on plain HTTP (loopback). */
export async function startNginxBalancer(replicaUrls: readonly string[]): Promise<NginxProxy> {
  return startNginx(replicaUrls, null);
}

async function startNginx(upstreamUrls: readonly string[], certificate: { cert: string; key: string } | null): Promise<NginxProxy> {
  if (!existsSync(NGINX)) throw new Error(`No nginx at ${NGINX}: run "node scripts/setup.mjs test" (it installs Debian's nginx-light), or set HANDOFF_NGINX.`);
  const dir = mkdtempSync(join(tmpdir(), "handoff-nginx-"));
  // nginx's workers (user nobody) use the temp paths in here; the key stays readable by root (the master) only.
  chmodSync(dir, 0o755);
  if (certificate !== null) {
    writeFileSync(join(dir, "proxy.pem"), certificate.cert);
    writeFileSync(join(dir, "proxy.key"), certificate.key, { mode: 0o600 });
  }
  const port = await freePort();
  writeFileSync(join(dir, "nginx.conf"), nginxConf(dir, port, upstreamUrls.map((url) => new URL(url)), certificate !== null));
  const child: ChildProcess = spawn(NGINX, ["-p", dir, "-c", join(dir, "nginx.conf"), "-e", join(dir, "error.log"), "-g", "daemon off;"], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!(await listening(port))) {
    const log = existsSync(join(dir, "error.log")) ? readFileSync(join(dir, "error.log"), "utf8") : "";
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`nginx did not start on 127.0.0.1:${port}: ${stderr}${log}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `${certificate === null ? "http" : "https"}://127.0.0.1:${port}`,
    async close() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
