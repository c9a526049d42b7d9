// The workers behind the API: the conductor (scheduling, builds, resizes) and one agent per host with its driver.
// (Being written: see conductor/, scheduler/, agent/, drivers/.)
import type { ComputeContext } from './context.js';
import type { AgentRpc } from './rpc.js';

export interface ComputeEngine {
  /** Synchronous calls into agents (console output). */
  rpc: AgentRpc;
  /** Registers hosts (services, compute nodes, placement providers), reconciles, and starts taking tasks. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createComputeEngine(_ctx: ComputeContext): ComputeEngine {
  return {
    rpc: {
      async consoleOutput() {
        return '';
      },
    },
    async start() {},
    async stop() {},
  };
}
