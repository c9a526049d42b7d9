// The services that make up the cloud besides Identity, in start order. Adding a service is one line here.
import { createComputeService } from '@nubo/compute';
import type { NuboService, ServiceDependencies } from '@nubo/core';
import { createGateService } from '@nubo/gate';
import { createImageService } from '@nubo/image';
import { createNetworkService } from '@nubo/network';
import { createPlacementService } from '@nubo/placement';
import { createReviewService } from '@nubo/review';

export interface ServiceEntry {
  /** The service's user in Identity (project `service`). */
  serviceUser: string;
  create(deps: ServiceDependencies): Promise<NuboService>;
}

export const services: ServiceEntry[] = [
  { serviceUser: 'placement', create: createPlacementService },
  { serviceUser: 'glance', create: createImageService },
  { serviceUser: 'neutron', create: createNetworkService },
  { serviceUser: 'nova', create: createComputeService },
  { serviceUser: 'review', create: createReviewService },
  { serviceUser: 'zuul', create: createGateService },
];
