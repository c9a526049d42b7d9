// @nubo/launcher: single-use nodes for the gate's jobs, launched on any OpenStack cloud through @nubo/sdk.
export {};
