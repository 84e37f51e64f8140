// The ceiling scenario 12 is measured against: a fastify server whose port create does nothing
// but parse the body and answer 201, in a process of its own as `netledger serve` is.
//   node --import tsx bench/bare-fastify.ts
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';

const app = Fastify();
app.post('/v2.0/ports', async function createPortBare(request, reply) {
  const { port } = request.body as { port: { network_id: string } };
  return reply.code(201).send({ port: { id: randomUUID(), network_id: port.network_id, status: 'DOWN' } });
});
const url = await app.listen({ host: '127.0.0.1', port: 0 });
// The line test-kit's startListening waits for, as fastify's logger prints it.
console.log(`Server listening at ${url}`);
