credcatSearchData("terms/7661.json", {
  "values": [
    1,
    3
  ]
}
);
