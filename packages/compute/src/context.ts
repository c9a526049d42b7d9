// Everything a Compute handler, domain function or worker needs, built once in plugin.ts.
import type { DialectName, Logger, MessageBus, PolicyEngine } from '@nubo/core';
import type { Session } from '@nubo/sdk';
import type { ComputeConfig } from './config.js';
import type { ComputeDb } from './db/tables.js';
import type { ImageApi } from './images.js';
import type { NetworkApi } from './network.js';
import type { AgentRpc } from './rpc.js';

export interface ComputeContext {
  db: ComputeDb;
  dialect: DialectName;
  config: ComputeConfig;
  policy: PolicyEngine;
  bus: MessageBus;
  /** The compute endpoint as clients reach it, e.g. http://127.0.0.1:5000/compute/v2.1. */
  baseUrl: string;
  /** Image, Placement, Identity through their public APIs, as the `nova` service user. */
  session(): Session;
  rpc: AgentRpc;
  /** Glance, as the API reads and creates images (a fake in tests). */
  images: ImageApi;
  /** Neutron, as the API checks requested networks and the agents make ports (none without Networking). */
  network: NetworkApi;
  log: Logger;
}
