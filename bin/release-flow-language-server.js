#!/usr/bin/env node
'use strict';
// The release-flow language server on stdio (or --node-ipc / --socket=N / --pipe=NAME).
require('../dist/server.js');
