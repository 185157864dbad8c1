// Central configuration for the shop API.
export const config = {
  env: process.env.NODE_ENV ?? 'development',
  stripe: {
    secretKey: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
    currency: 'eur',
  },
  database: {
    url: 'postgres://shop_app:Sh0pDbPassw0rd@shop-db.internal:5432/shop',
    poolSize: 10,
  },
  session: {
    cookieName: 'shop.sid',
    maxAgeMs: 1000 * 60 * 60 * 24,
  },
};
