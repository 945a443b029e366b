'use strict';
/* plotly-star.js and radar charts (scatterpolar): the evaluation pages. */
var Plotly = require('./core');
Plotly.register([require('plotly.js/lib/bar'), require('plotly.js/lib/scatterpolar')]);
module.exports = Plotly;
