import { Pool } from 'pg';
import { config } from './config';

export const pool = new Pool({ connectionString: config.database.url, max: config.database.poolSize });

export async function findProduct(id: string) {
  const { rows } = await pool.query('SELECT id, name, price_cents FROM products WHERE id = $1', [id]);
  return rows[0];
}
