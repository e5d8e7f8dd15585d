// Integration tests talk to real servers. This checks both are there (started by scripts/services.sh) and
// says which servers the run talks to, so the log shows it.
const amqp = require('amqplib');
const { MongoClient } = require('mongodb');

module.exports = async function globalSetup() {
  const amqpUrl = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
  const mongoUri = process.env.MONGODB_URI;
  if (!mongoUri) {
    throw new Error(
      'MONGODB_URI is not set: run the tests with `bash scripts/test.sh`, or `bash scripts/services.sh start && source .run/services.env` first',
    );
  }
  const connection = await amqp.connect(amqpUrl).catch((error) => {
    throw new Error(`RabbitMQ is not reachable at ${amqpUrl}: ${error.message}`);
  });
  const props = connection.connection.serverProperties ?? {};
  await connection.close();
  const client = new MongoClient(mongoUri, { serverSelectionTimeoutMS: 5000 });
  let info;
  try {
    await client.connect();
    info = await client.db('admin').command({ buildInfo: 1 });
  } catch (error) {
    throw new Error(`the MongoDB-compatible server is not reachable at ${mongoUri}: ${error.message}`);
  } finally {
    await client.close();
  }
  const kind = process.env.EPIX_MONGO_SERVER ?? '';
  const server =
    info.ferretdbVersion !== undefined
      ? `FerretDB${kind.startsWith('ferretdb-') ? ` (${kind.slice('ferretdb-'.length)} backend)` : ''}, reporting MongoDB ${info.version},`
      : `MongoDB ${info.version}`;
  process.stdout.write(
    `\nintegration tests: RabbitMQ ${props.version ?? '?'} at ${amqpUrl.replace(/\/\/[^@]*@/, '//')}; ${server} at ${mongoUri}\n`,
  );
};
