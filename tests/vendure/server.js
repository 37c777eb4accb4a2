// A Vendure shop for the tests: in-memory SQLite (sql.js), German and Austrian VAT, gross
// prices, two shipping methods and invoice payment, a few products with variants. It listens
// on 127.0.0.1:$VENDURE_PORT and prints "READY <port>" once the catalog is in.
//
// Started by tests/vendure_shop.py with NODE_PATH pointing at the modules `make vendure`
// installed (var/vendure/node_modules). Everything here uses Vendure's public API: its
// bootstrap, its populate() helpers and the Admin GraphQL API.
'use strict';

const path = require('path');
const {
  bootstrap,
  DefaultLogger,
  LogLevel,
  dummyPaymentHandler,
} = require('@vendure/core');
const { populate, importProductsFromCsv } = require('@vendure/core/cli');

const port = Number(process.env.VENDURE_PORT || 3000);
const admin = {
  identifier: process.env.VENDURE_ADMIN || 'superadmin',
  password: process.env.VENDURE_ADMIN_PASSWORD || 'superadmin',
};

const config = {
  apiOptions: {
    hostname: '127.0.0.1',
    port,
    adminApiPath: 'admin-api',
    shopApiPath: 'shop-api',
  },
  authOptions: {
    tokenMethod: 'bearer',
    superadminCredentials: admin,
    requireVerification: false,
    cookieOptions: { secret: 'test-only' },
  },
  dbConnectionOptions: { type: 'sqljs', synchronize: true, logging: false },
  paymentOptions: { paymentMethodHandlers: [dummyPaymentHandler] },
  logger: new DefaultLogger({ level: LogLevel.Warn }),
  plugins: [],
};

async function adminCall(token, query, variables) {
  const response = await fetch(`http://127.0.0.1:${port}/admin-api`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return { body, token: response.headers.get('vendure-auth-token') };
}

function shippingMethod(code, name, description, rate, minimum) {
  return {
    code,
    fulfillmentHandler: 'manual-fulfillment',
    checker: {
      code: 'default-shipping-eligibility-checker',
      arguments: [{ name: 'orderMinimum', value: String(minimum) }],
    },
    calculator: {
      code: 'default-shipping-calculator',
      arguments: [
        { name: 'rate', value: String(rate) },
        { name: 'taxRate', value: '19' },
        { name: 'includesTax', value: 'include' },
      ],
    },
    translations: [{ languageCode: 'de', name, description }],
  };
}

async function configure() {
  const login = await adminCall(
    null,
    'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { ... on CurrentUser { id } } }',
    { u: admin.identifier, p: admin.password },
  );
  const token = login.token;
  const channel = await adminCall(token, '{ activeChannel { id } }');
  await adminCall(
    token,
    'mutation($id: ID!) { updateChannel(input: { id: $id, pricesIncludeTax: true,'
      + ' defaultCurrencyCode: EUR, availableCurrencyCodes: [EUR] }) { ... on Channel { id } } }',
    { id: channel.body.data.activeChannel.id },
  );
  // populate() gives every zone the same rates; Austria's are 20 % and 10 %.
  const rates = await adminCall(token, '{ taxRates { items { id value zone { name } } } }');
  for (const rate of rates.body.data.taxRates.items) {
    if (rate.zone.name === 'Österreich') {
      await adminCall(
        token,
        'mutation($id: ID!, $v: Float!) { updateTaxRate(input: { id: $id, value: $v }) { id } }',
        { id: rate.id, v: rate.value === 19 ? 20 : 10 },
      );
    }
  }
  for (const input of [
    shippingMethod('standard', 'Standardversand', '2–4 Werktage', 490, 0),
    shippingMethod('free', 'Kostenloser Versand', 'ab 50 €, 3–5 Werktage', 0, 5000),
  ]) {
    await adminCall(
      token,
      'mutation($input: CreateShippingMethodInput!) { createShippingMethod(input: $input) { id } }',
      { input },
    );
  }
}

async function main() {
  const app = await populate(
    () => bootstrap(config),
    require(path.join(__dirname, 'initial-data.json')),
  );
  await configure();
  const progress = await importProductsFromCsv(app, path.join(__dirname, 'products.csv'), 'de');
  if (progress.errors && progress.errors.length) {
    throw new Error(`product import: ${progress.errors.join('; ')}`);
  }
  process.stdout.write(`READY ${port}\n`);
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  process.stderr.write(`vendure test shop failed: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
