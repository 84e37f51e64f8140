import * as t from 'io-ts';
import {
  FlavorCreated,
  FlavorDeleted,
  FlavorProfileAssociated,
  FlavorProfileDisassociated,
  FlavorUpdated,
  ServiceProfileCreated,
  ServiceProfileDeleted,
  ServiceProfileUpdated,
} from './flavor/events.js';
import { FloatingIpCreated, FloatingIpDeleted, FloatingIpMappedOntoPort, FloatingIpUpdated } from './floating-ip/events.js';
import { IdempotencyKeyUsed } from './idempotency/events.js';
import { HostRegistered, HostRemoved, HostUpdated } from './host/events.js';
import { NetworkCreated, NetworkDeleted, NetworkUpdated } from './network/events.js';
import { PortCreated, PortDeleted, PortUpdated } from './port/events.js';
import { PortStatusChanged } from './port-status/events.js';
import { RouterCreated, RouterDeleted, RouterInterfaceAdded, RouterInterfaceRemoved, RouterUpdated } from './router/events.js';
import {
  SecurityGroupCreated,
  SecurityGroupDeleted,
  SecurityGroupRuleCreated,
  SecurityGroupRuleDeleted,
  SecurityGroupUpdated,
} from './security-group/events.js';
import { SegmentationIdReserved } from './segmentation/events.js';
import { SubnetCreated, SubnetDeleted, SubnetUpdated } from './subnet/events.js';
import { EventMetadata } from './common/codecs.js';
import { AddressScopeCreated, AddressScopeDeleted, AddressScopeUpdated } from './address-scope/events.js';
import { SubnetPoolCreated, SubnetPoolDeleted, SubnetPoolPrefixAllocated, SubnetPoolUpdated } from './subnet-pool/events.js';
import { RbacPolicyCreated, RbacPolicyDeleted, RbacPolicyUpdated } from './rbac/events.js';
import { QuotaReset, QuotaUpdated } from './quota/events.js';
import {
  AddressGroupAddressesAdded,
  AddressGroupAddressesRemoved,
  AddressGroupCreated,
  AddressGroupDeleted,
  AddressGroupUpdated,
} from './address-group/events.js';

/** Every event the domain emits, at its current schema version. */
export const DomainEvent = t.union([
  NetworkCreated,
  NetworkUpdated,
  NetworkDeleted,
  SubnetCreated,
  SubnetUpdated,
  SubnetDeleted,
  PortCreated,
  PortUpdated,
  PortDeleted,
  PortStatusChanged,
  SecurityGroupCreated,
  SecurityGroupUpdated,
  SecurityGroupDeleted,
  SecurityGroupRuleCreated,
  SecurityGroupRuleDeleted,
  RouterCreated,
  RouterUpdated,
  RouterDeleted,
  FloatingIpCreated,
  FloatingIpUpdated,
  FloatingIpDeleted,
  FloatingIpMappedOntoPort,
  RouterInterfaceAdded,
  RouterInterfaceRemoved,
  FlavorCreated,
  FlavorUpdated,
  FlavorDeleted,
  ServiceProfileCreated,
  ServiceProfileUpdated,
  ServiceProfileDeleted,
  FlavorProfileAssociated,
  FlavorProfileDisassociated,
  HostRegistered,
  HostUpdated,
  HostRemoved,
  SegmentationIdReserved,
  AddressScopeCreated,
  AddressScopeUpdated,
  AddressScopeDeleted,
  SubnetPoolCreated,
  SubnetPoolUpdated,
  SubnetPoolDeleted,
  SubnetPoolPrefixAllocated,
  RbacPolicyCreated,
  RbacPolicyUpdated,
  RbacPolicyDeleted,
  QuotaUpdated,
  QuotaReset,
  AddressGroupCreated,
  AddressGroupUpdated,
  AddressGroupAddressesAdded,
  AddressGroupAddressesRemoved,
  AddressGroupDeleted,
  IdempotencyKeyUsed,
]);
export type DomainEvent = t.TypeOf<typeof DomainEvent>;

/** An event as the log recorded it: what the folds consume. */
export const RecordedEvent = t.intersection([
  DomainEvent,
  t.type({ metadata: EventMetadata, position: t.number, stream: t.string, revision: t.number }),
]);
export type RecordedEvent = t.TypeOf<typeof RecordedEvent>;
