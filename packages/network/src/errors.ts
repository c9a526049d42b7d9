// Neutron's fault types (neutron-lib exceptions) as domain errors: each carries the `type` its fault body names.
import { BadRequest, Conflict, Forbidden, HttpError, NotFound } from '@nubo/core';

/** The Neutron exception class name an error renders as (`NeutronError.type`). */
export interface Typed {
  readonly type: string;
}

/** A 400 with a Neutron type (InvalidInput, BadRequest, InvalidIpForSubnet, SecurityGroupRuleInvalidProtocol…). */
export class NeutronBadRequest extends BadRequest implements Typed {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** A 403 with a Neutron type (PolicyNotAuthorized, …). */
export class NeutronForbidden extends Forbidden implements Typed {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** A 404 with a Neutron type (NetworkNotFound, PortNotFound, ExternalGatewayForFloatingIPNotFound, …). */
export class NeutronNotFound extends NotFound implements Typed {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** A 409 with a Neutron type (IpAddressAlreadyAllocated, NetworkInUse, SecurityGroupRuleExists, …). */
export class NeutronConflict extends Conflict implements Typed {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** Neutron's OverQuota is a 409, not the 403 Nova and Glance use. */
export class NeutronOverQuota extends HttpError implements Typed {
  readonly type = 'OverQuota';
  constructor(resources: string[]) {
    super(409, 'Conflict', `Quota exceeded for resources: ${JSON.stringify(resources).replaceAll('"', "'")}.`);
  }
}

/** neutron-lib's InvalidInput: "Invalid input for operation: …". */
export function invalidInput(detail: string): NeutronBadRequest {
  return new NeutronBadRequest('InvalidInput', `Invalid input for operation: ${detail}.`);
}

/** The 400 the API layer raises for a bad attribute value ("Invalid input for cidr. Reason: …"). */
export function invalidAttribute(attribute: string, reason: string): NeutronBadRequest {
  return new NeutronBadRequest('HTTPBadRequest', `Invalid input for ${attribute}. Reason: ${reason}`);
}

/** `<Resource>NotFound` with neutron-lib's message ("Network x could not be found."). */
export function notFound(resource: string, id: string): NeutronNotFound {
  const label = resource.replace(/([a-z])([A-Z])/g, '$1 $2');
  const pretty = label.charAt(0).toUpperCase() + label.slice(1).toLowerCase();
  return new NeutronNotFound(`${resource}NotFound`, `${pretty} ${id} could not be found.`);
}
