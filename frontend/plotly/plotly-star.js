'use strict';
/* Line and bar charts: the benchmark page, the reform dashboard, the plan's timeline. */
var Plotly = require('./core');
Plotly.register([require('plotly.js/lib/bar')]);
module.exports = Plotly;
