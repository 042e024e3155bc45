import assert from "node:assert/strict";
import { registryEnv } from "./_registry_env.ts";

Deno.test("registryEnv() keeps what reaches a registry (TLS CA, proxies, npm settings) and nothing else", () => {
  const kept = registryEnv({
    SSL_CERT_FILE: "/etc/ca.pem",
    SSL_CERT_DIR: "/etc/certs",
    DENO_CERT: "/etc/deno-ca.pem",
    DENO_TLS_CA_STORE: "system",
    NODE_EXTRA_CA_CERTS: "/etc/node-ca.pem",
    HTTPS_PROXY: "http://proxy:3128",
    https_proxy: "http://proxy:3128",
    http_proxy: "http://proxy:3128",
    no_proxy: "localhost",
    NO_PROXY: "localhost",
    NPM_CONFIG_REGISTRY: "https://registry.example/",
    npm_config_cafile: "/etc/ca.pem",
    HOME: "/home/me",
    PATH: "/usr/bin",
    DENO_DIR: "/cache",
    AWS_SECRET_ACCESS_KEY: "secret",
    Https_Proxy: "mixed case is not a convention",
  });
  assert.deepEqual(Object.keys(kept).sort(), [
    "DENO_CERT",
    "DENO_TLS_CA_STORE",
    "HTTPS_PROXY",
    "NODE_EXTRA_CA_CERTS",
    "NO_PROXY",
    "NPM_CONFIG_REGISTRY",
    "SSL_CERT_DIR",
    "SSL_CERT_FILE",
    "http_proxy",
    "https_proxy",
    "no_proxy",
    "npm_config_cafile",
  ]);
  assert.equal(kept.SSL_CERT_FILE, "/etc/ca.pem");
});

Deno.test("registryEnv() reads this process's environment by default", () => {
  const own = registryEnv();
  for (const [name, value] of Object.entries(own)) {
    assert.equal(Deno.env.get(name), value);
  }
  assert.equal(own.PATH, undefined);
});
