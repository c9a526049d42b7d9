// `@nubo/compute/testing`: what other packages' tests need from Compute (filled in with the driver contract).
export {};
