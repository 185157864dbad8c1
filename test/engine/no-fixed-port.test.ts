/**
 * no-fixed-port: what the fixtures do not pin down line by line — fixes in each language and
 * format (and which are preferred), edge cases of addresses and flags, clients and backlogs that
 * must stay quiet, and that every fixed text still parses.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyFix, assertParses, findingsOf, fixOnce } from '../support/rule-fixes';

const ID = 'no-fixed-port';

describe('no-fixed-port fixes', () => {
  const cases: { name: string; path: string; code: string; output: string; preferred: boolean }[] = [
    {
      name: 'Python: a module constant becomes an int read from PORT, with `import os` added',
      path: 'app.py',
      code: `from flask import Flask\napp = Flask(__name__)\nPORT = 5000\napp.run(port=PORT)\n`,
      output: `import os\nfrom flask import Flask\napp = Flask(__name__)\nPORT = int(os.environ.get("PORT", "5000"))\napp.run(port=PORT)\n`,
      preferred: true,
    },
    {
      name: 'Python: a tuple address keeps its host',
      path: 'serve.py',
      code: `import os\nfrom http.server import HTTPServer, SimpleHTTPRequestHandler\nHTTPServer(("0.0.0.0", 8000), SimpleHTTPRequestHandler).serve_forever()\n`,
      output: `import os\nfrom http.server import HTTPServer, SimpleHTTPRequestHandler\nHTTPServer(("0.0.0.0", int(os.environ.get("PORT", "8000"))), SimpleHTTPRequestHandler).serve_forever()\n`,
      preferred: true,
    },
    {
      name: 'Python: websockets serve(handler, host, port)',
      path: 'ws.py',
      code: `import os\nimport asyncio\nfrom websockets.server import serve\n\nasync def main(handler):\n    async with serve(handler, "0.0.0.0", 8765):\n        await asyncio.Future()\n`,
      output: `import os\nimport asyncio\nfrom websockets.server import serve\n\nasync def main(handler):\n    async with serve(handler, "0.0.0.0", int(os.environ.get("PORT", "8765"))):\n        await asyncio.Future()\n`,
      preferred: true,
    },
    {
      name: 'Java: Netty bind(host, port)',
      path: 'Main.java',
      code: `class Main {\n  void run(io.netty.bootstrap.ServerBootstrap b) throws Exception {\n    b.bind("0.0.0.0", 8080).sync();\n  }\n}\n`,
      output: `class Main {\n  void run(io.netty.bootstrap.ServerBootstrap b) throws Exception {\n    b.bind("0.0.0.0", Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"))).sync();\n  }\n}\n`,
      preferred: true,
    },
    {
      name: 'Go: a const address becomes a var read from PORT, with the imports (not preferred: other uses of the constant may need it constant)',
      path: 'main.go',
      code: `package main\n\nimport "net/http"\n\nconst addr = "127.0.0.1:8080"\n\nfunc main() { http.ListenAndServe(addr, nil) }\n`,
      output: `package main\n\nimport "net/http"\nimport "os"\nimport "cmp"\n\nvar addr = "127.0.0.1:" + cmp.Or(os.Getenv("PORT"), "8080")\n\nfunc main() { http.ListenAndServe(addr, nil) }\n`,
      preferred: false,
    },
    {
      name: 'Go: iris.Addr(":8080") inside app.Run',
      path: 'main.go',
      code: `package main\n\nimport (\n\t"os"\n\n\t"github.com/kataras/iris/v12"\n)\n\nfunc main() {\n\tapp := iris.New()\n\tapp.Run(iris.Addr(":8080"))\n\t_ = os.Args\n}\n`,
      output: `package main\n\nimport (\n\t"cmp"\n\t"os"\n\n\t"github.com/kataras/iris/v12"\n)\n\nfunc main() {\n\tapp := iris.New()\n\tapp.Run(iris.Addr(":" + cmp.Or(os.Getenv("PORT"), "8080")))\n\t_ = os.Args\n}\n`,
      preferred: true,
    },
    {
      name: 'Java: an int port is parsed from PORT',
      path: 'App.java',
      code: `class App {\n  static void main(String[] a) throws Exception {\n    new java.net.ServerSocket(8080).accept();\n  }\n}\n`,
      output: `class App {\n  static void main(String[] a) throws Exception {\n    new java.net.ServerSocket(Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"))).accept();\n  }\n}\n`,
      preferred: true,
    },
    {
      name: 'Java: --server.port= passed to SpringApplication.run keeps the key',
      path: 'App.java',
      code: `class App {\n  public static void main(String[] args) {\n    org.springframework.boot.SpringApplication.run(App.class, "--server.port=9000");\n  }\n}\n`,
      output: `class App {\n  public static void main(String[] args) {\n    org.springframework.boot.SpringApplication.run(App.class, "--server.port=" + System.getenv().getOrDefault("PORT", "9000"));\n  }\n}\n`,
      preferred: true,
    },
    {
      name: 'Ruby: a Puma bind URL interpolates the port',
      path: 'config/puma.rb',
      code: `bind "tcp://0.0.0.0:9292"\n`,
      output: `bind "tcp://0.0.0.0:#{ENV.fetch("PORT", "9292")}"\n`,
      preferred: true,
    },
    {
      name: 'C#: a URL becomes an interpolated string',
      path: 'Program.cs',
      code: `var builder = WebApplication.CreateBuilder(args);\nbuilder.WebHost.UseUrls("http://0.0.0.0:5000");\n`,
      output: `var builder = WebApplication.CreateBuilder(args);\nbuilder.WebHost.UseUrls($"http://0.0.0.0:{Environment.GetEnvironmentVariable("PORT") ?? "5000"}");\n`,
      preferred: true,
    },
    {
      name: 'C#: a local const becomes a plain local (not preferred)',
      path: 'Program.cs',
      code: `const int Port = 5000;\nvar listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Any, Port);\n`,
      output: `int Port = int.Parse(Environment.GetEnvironmentVariable("PORT") ?? "5000");\nvar listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Any, Port);\n`,
      preferred: false,
    },
    {
      name: 'PHP: an address string concatenates the port',
      path: 'server.php',
      code: `<?php\n$server = stream_socket_server('tcp://0.0.0.0:8000', $errno, $errstr);\n`,
      output: `<?php\n$server = stream_socket_server('tcp://0.0.0.0:' . (getenv('PORT') ?: '8000'), $errno, $errstr);\n`,
      preferred: true,
    },
    {
      name: 'Spring YAML: server.port gets a placeholder',
      path: 'src/main/resources/application.yml',
      code: `server:\n  port: 8080\n`,
      output: `server:\n  port: \${PORT:8080}\n`,
      preferred: true,
    },
    {
      name: 'Procfile: the port of an address gets a shell default',
      path: 'Procfile',
      code: `web: gunicorn app:app --bind=0.0.0.0:8000\n`,
      output: `web: gunicorn app:app --bind=0.0.0.0:\${PORT:-8000}\n`,
      preferred: true,
    },
    {
      name: 'Dockerfile: an exec-form CMD runs through a shell that expands PORT (not preferred)',
      path: 'Dockerfile',
      code: `FROM python:3.12\nCMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]\n`,
      output: `FROM python:3.12\nCMD ["sh", "-c", "exec uvicorn main:app --host 0.0.0.0 --port \${PORT:-8000}"]\n`,
      preferred: false,
    },
    {
      name: "Procfile: PHP's built-in server",
      path: 'Procfile',
      code: `web: php -S 0.0.0.0:8080 -t public\n`,
      output: `web: php -S 0.0.0.0:\${PORT:-8080} -t public\n`,
      preferred: true,
    },
    {
      name: 'Dockerfile: python -m http.server with a positional port',
      path: 'Dockerfile',
      code: `FROM python:3.12\nCMD python -m http.server 8000\n`,
      output: `FROM python:3.12\nCMD python -m http.server \${PORT:-8000}\n`,
      preferred: true,
    },
    {
      name: 'Python: Django runserver started from code',
      path: 'run.py',
      code: `import os\nfrom django.core.management import call_command\ncall_command("runserver", "0.0.0.0:8000")\n`,
      output: `import os\nfrom django.core.management import call_command\ncall_command("runserver", "0.0.0.0:" + os.environ.get("PORT", "8000"))\n`,
      preferred: true,
    },
    {
      name: 'Dockerfile: a shell-form CMD gets a shell default',
      path: 'Dockerfile',
      code: `FROM ruby:3.3\nCMD bundle exec rails server -b 0.0.0.0 -p 3000\n`,
      output: `FROM ruby:3.3\nCMD bundle exec rails server -b 0.0.0.0 -p \${PORT:-3000}\n`,
      preferred: true,
    },
    {
      name: 'appsettings.json: Urls is left empty for the environment to set (not preferred)',
      path: 'appsettings.json',
      code: `{\n  "Urls": "http://*:8080"\n}\n`,
      output: `{\n  "Urls": ""\n}\n`,
      preferred: false,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { fix, output } = await fixOnce(ID, c.code, c.path);
      assert.equal(output, c.output);
      assert.equal(fix.preferred, c.preferred);
      assert.deepEqual(fix.envVars, ['PORT']);
    });
  }

  it('an ENTRYPOINT run through a shell still receives the CMD words', async () => {
    const code = `FROM eclipse-temurin:21\nENTRYPOINT ["java", "-Dserver.port=8080", "-jar", "app.jar"]\nCMD ["--spring.profiles.active=prod"]\n`;
    const [f] = await findingsOf(ID, code, 'Dockerfile');
    assert.ok(f, 'a finding');
    assert.equal(applyFix(code, f.fixes[0]), `FROM eclipse-temurin:21\nENTRYPOINT ["sh", "-c", "exec java -Dserver.port=\${PORT:-8080} -jar app.jar \\"$@\\"", "sh"]\nCMD ["--spring.profiles.active=prod"]\n`);
  });

  it('several servers in one source file: the fixes are offered, none automatic', async () => {
    const code = `import express from 'express';\nconst app = express();\nconst admin = express();\napp.listen(3000);\nadmin.listen(3001);\n`;
    const found = await findingsOf(ID, code);
    assert.equal(found.length, 2);
    for (const f of found) assert.equal(f.fixes[0].preferred, false, f.message);
  });

  it('addresses built from a port are reported where they are built, without a fix that would not compile', async () => {
    const code = `package main\n\nimport (\n\t"fmt"\n\t"net/http"\n\t"strconv"\n)\n\nconst port = 8080\n\nfunc main() {\n\taddr := fmt.Sprintf(":%d", port)\n\thttp.ListenAndServe(addr, nil)\n\thttp.ListenAndServe(":"+strconv.Itoa(9000), nil)\n}\n`;
    const found = await findingsOf(ID, code, 'main.go');
    assert.deepEqual(found.map((f) => f.range.start.line), [11, 13]);
    assert.deepEqual(found.map((f) => f.fixes.length), [0, 0]);
    assert.match(found[0].message, /Fixed port 8080 \(from `port`\)/);
  });

  it('a URL with a path is reported without a fix (the path would be lost)', async () => {
    const code = `var http = new System.Net.HttpListener();\nhttp.Prefixes.Add("http://+:8082/api/");\n`;
    const [f] = await findingsOf(ID, code, 'Program.cs');
    assert.ok(f);
    assert.deepEqual(f.fixes, []);
  });
});

describe('no-fixed-port stays quiet', () => {
  const quiet: { name: string; path: string; code: string }[] = [
    { name: 'Python socket backlog', path: 'srv.py', code: `import socket\ns = socket.socket()\ns.bind(("0.0.0.0", 0))\ns.listen(5)\n` },
    { name: 'C# socket backlog', path: 'Srv.cs', code: `var s = new System.Net.Sockets.Socket(default, default, default);\ns.Listen(100);\n` },
    { name: 'Ruby Unicorn on a Unix socket', path: 'config/unicorn.rb', code: `listen "/tmp/unicorn.sock", backlog: 64\n` },
    { name: 'Go client dial and a flag default', path: 'main.go', code: `package main\n\nimport (\n\t"flag"\n\t"net"\n)\n\nvar addr = flag.String("addr", ":8080", "listen address")\n\nfunc main() { net.Dial("tcp", "localhost:6379") }\n` },
    { name: 'Go Addr of a client options struct', path: 'main.go', code: `package main\n\nimport "github.com/redis/go-redis/v9"\n\nfunc main() {\n\topts := &redis.Options{}\n\topts.Addr = "localhost:6379"\n\tredis.NewClient(opts)\n}\n` },
    { name: 'Java client socket and Spring environment lookup', path: 'A.java', code: `class A {\n  void f(org.springframework.core.env.Environment env) throws Exception {\n    new java.net.Socket("localhost", 5432);\n    env.getProperty("server.port", Integer.class, 8080);\n  }\n}\n` },
    { name: 'PHP database config port', path: 'config/database.php', code: `<?php\nreturn ['connections' => ['mysql' => ['host' => env('DB_HOST'), 'port' => 3306]]];\n` },
    { name: 'Spring management port and placeholders', path: 'src/main/resources/application.properties', code: `server.port=\${PORT:8080}\nmanagement.server.port=9090\nspring.data.redis.port=6379\n` },
    { name: 'compose ports and Kubernetes containerPort', path: 'docker-compose.yml', code: `services:\n  web:\n    image: app\n    ports:\n      - "8080:8080"\n` },
    { name: 'Procfile worker and web on $PORT', path: 'Procfile', code: `web: bundle exec puma -p $PORT\nworker: bundle exec sidekiq -p 7433\n` },
    { name: 'Dockerfile EXPOSE and a port in a health check', path: 'Dockerfile', code: `FROM node:20\nEXPOSE 3000\nHEALTHCHECK CMD curl -f http://localhost:3000/ || exit 1\nCMD ["node", "server.js"]\n` },
    { name: 'appsettings client port', path: 'appsettings.json', code: `{ "Redis": { "Port": 6379 }, "Urls": "" }\n` },
    { name: 'C# Process.Start opening a browser', path: 'Open.cs', code: `System.Diagnostics.Process.Start("http://localhost:5000");\nProcess.Start("http://localhost:5001");\n` },
    { name: 'Java statement parameter binding', path: 'Repo.java', code: `class Repo {\n  void f(io.r2dbc.spi.Statement st) {\n    st.bind(1, 5432);\n    st.bind("$1", 8080);\n  }\n}\n` },
    { name: 'PHP Swoole coroutine client', path: 'client.php', code: `<?php\n$client = new Swoole\\Coroutine\\Http\\Client('127.0.0.1', 9501);\n` },
    { name: 'PHP Memcached servers in a config file', path: 'config/cache.php', code: `<?php\nreturn ['memcached' => ['servers' => [['host' => env('MEMCACHED_HOST'), 'port' => 11211, 'weight' => 100]]]];\n` },
    { name: 'Python client config with a port', path: 'cfg.py', code: `import redis\nredis.Redis(port=6379)\nclient = Config(port=5432)\n` },
  ];
  for (const q of quiet) {
    it(q.name, async () => {
      const found = await findingsOf(ID, q.code, q.path);
      assert.deepEqual(found.map((f) => f.message), []);
    });
  }

  it('a fixed text parses in its language', async () => {
    const code = `<?php\nconst HTTP_PORT = 9501;\n$server = new Swoole\\Http\\Server('0.0.0.0', HTTP_PORT);\n`;
    const { output } = await fixOnce(ID, code, 'server.php');
    assert.equal(output, `<?php\ndefine('HTTP_PORT', (int) (getenv('PORT') ?: 9501));\n$server = new Swoole\\Http\\Server('0.0.0.0', HTTP_PORT);\n`);
    await assertParses(output, 'server.php');
  });
});
