import { describe, it } from 'vitest';
import type { Command } from '../commands.js';
import { deciderSpec } from '../../test-kit/decider-spec.js';

const flavor = (id: string, service_type = 'L3_ROUTER_NAT'): Command => ({
  type: 'CreateFlavor',
  flavor: { id, name: id, description: '', service_type, enabled: true },
});
const profile = (id: string, fields: { driver?: string; metainfo?: string } = {}): Command => ({
  type: 'CreateServiceProfile',
  profile: { id, description: '', driver: '', enabled: true, metainfo: 'info', ...fields },
});
const associate = (flavor_id: string, profile_id: string): Command => ({ type: 'AssociateFlavorProfile', flavor_id, profile_id });

describe('flavor and service profile deciders', () => {
  it('records a flavor of a known service type, and refuses another', () => {
    deciderSpec().when(flavor('f')).thenEvents([{ type: 'FlavorCreated', version: 1, data: { flavor: { id: 'f', name: 'f', description: '', service_type: 'L3_ROUTER_NAT', enabled: true } } }]);
    deciderSpec().when(flavor('f', 'NOPE')).thenError('InvalidServiceType', /NOPE/);
  });

  it('needs metainfo in a profile, and knows no driver', () => {
    deciderSpec().when(profile('p', { metainfo: '' })).thenError('ServiceProfileEmpty');
    deciderSpec().when(profile('p', { driver: 'foo.bar' })).thenError('ServiceProfileDriverNotFound', /foo.bar/);
    deciderSpec(profile('p')).when({ type: 'UpdateServiceProfile', id: 'p', changes: { driver: 'd' } }).thenError('ServiceProfileDriverNotFound');
  });

  it('associates a profile once, disassociates only an associated one', () => {
    deciderSpec(flavor('f'), profile('p'))
      .when(associate('f', 'p'))
      .thenEvents([{ type: 'FlavorProfileAssociated', version: 1, data: { flavor_id: 'f', profile_id: 'p' } }]);
    deciderSpec(flavor('f'), profile('p'), associate('f', 'p')).when(associate('f', 'p')).thenError('FlavorServiceProfileBindingExists');
    deciderSpec(flavor('f'), profile('p')).when({ type: 'DisassociateFlavorProfile', flavor_id: 'f', profile_id: 'p' }).thenError('FlavorServiceProfileBindingNotFound');
    deciderSpec(flavor('f')).when(associate('f', 'ghost')).thenError('ServiceProfileNotFound');
  });

  it('keeps a profile a flavor names, and deletes it once released', () => {
    deciderSpec(flavor('f'), profile('p'), associate('f', 'p')).when({ type: 'DeleteServiceProfile', id: 'p' }).thenError('ServiceProfileInUse');
    deciderSpec(flavor('f'), profile('p'), associate('f', 'p'), { type: 'DisassociateFlavorProfile', flavor_id: 'f', profile_id: 'p' })
      .when({ type: 'DeleteServiceProfile', id: 'p' })
      .thenEvents([{ type: 'ServiceProfileDeleted', version: 1, data: { id: 'p' } }]);
  });

  it('refuses unknown flavors and profiles', () => {
    deciderSpec().when({ type: 'DeleteFlavor', id: 'ghost' }).thenError('FlavorNotFound');
    deciderSpec().when({ type: 'UpdateFlavor', id: 'ghost', changes: { name: 'x' } }).thenError('FlavorNotFound');
    deciderSpec().when({ type: 'DeleteServiceProfile', id: 'ghost' }).thenError('ServiceProfileNotFound');
  });
});
